import type { DeadlineSpec, DivisionCodes, DueBasis } from './api/cases';
import type { PolicyYearLine } from './api/policy';
import type { AssistanceMeasure, TaskKind } from './forms/task-forms';
import type { CommandKey } from './commands';
import type { NationalUpdateRequest } from './national-system';
import type { RequestStamp, TaskInboxEntry } from './tasks';
import type { EntryChannel, HouseholdClass, NationalEntryPath, Role } from './codes';

/** Identifies one case (one monitoring period of one household) in activity calls. */
export interface CaseRef {
  caseId: string;
  runId: string;
}

export interface OpenCaseCommand extends CaseRef {
  householdKey: string;
  divisions: DivisionCodes;
  channel: EntryChannel;
  policyVersion: string;
  /** When the opening alert was received (ISO); deadlines count from it. Default: now. */
  receivedAt?: string;
  /** The policy's whole-identification deadline, counted from intake. */
  identificationDeadline: DeadlineSpec;
  /**
   * The case's first task (village verification), opened with the case in the same activity: its
   * due date is computed and its inbox row written here.
   */
  firstTask: { taskId: string; kind: TaskKind; role: Role; deadline: DeadlineSpec };
}

export interface OpenCaseResult {
  openedAt: string;
  /** When the identification must be decided (the city's determination is due). */
  identificationDue: DueAtResult;
  /** The first task's due date. */
  firstTaskDue: DueAtResult;
  /**
   * The income lines published when the case opened, a year each: the case keeps them until the
   * city bureau moves it onto newer ones.
   */
  yearLines?: PolicyYearLine[];
}

/**
 * Opening a case, a local activity of the workflow worker: it runs inside the workflow task that
 * starts the case, so that a new case costs the server one workflow task, not two and an activity.
 */
export interface CaseOpeningActivities {
  /** Records the case and its first task in PostgreSQL; idempotent on the run id. */
  openCase(command: OpenCaseCommand): Promise<OpenCaseResult>;
}

export interface DueAtCommand {
  /** ISO instant to count from. */
  from: string;
  spec: DeadlineSpec;
}

export interface DueAtResult {
  /** ISO instant. */
  dueAt: string;
  /**
   * True when a year the deadline reaches has no official arrangement (放假调休) yet: it was counted
   * on weekdays only, and is recounted from `basis` once the arrangement is entered.
   */
  provisional: boolean;
  /** What it was counted from: the instant and the policy's spec. */
  basis: DueBasis;
}

/**
 * Calendar arithmetic for workflows, hosted by the intake service on its task queue: computed here,
 * recorded in history, so that a new calendar release never changes a running case.
 */
export interface SchedulingActivities {
  /** When a deadline of the policy falls, counted from `from`. */
  dueAt(command: DueAtCommand): Promise<DueAtResult>;

  /** The next half-monthly report cut-off after `from`: the end (Asia/Shanghai) of the 15th or of the month's last day. */
  nextReportCutoff(command: { from: string }): Promise<{ cutoffAt: string }>;

  /** A deadline whose clock stood still for a while: see `ResumeDeadlineCommand`. */
  resumedDue(command: ResumeDeadlineCommand): Promise<DueAtResult>;
}

/**
 * A deadline whose clock stopped at `pausedAt` and started again at `resumedAt`: the wait for the
 * half-monthly report, which nobody in the case can shorten, does not count against the
 * identification. What was left of the deadline when the clock stopped (working days, or the span
 * of calendar days and durations) is counted again from `resumedAt`; a deadline already passed
 * when the clock stopped stays where it was.
 */
export interface ResumeDeadlineCommand {
  /** The deadline as first counted. */
  basis: DueAtCommand;
  /** ISO instants. */
  pausedAt: string;
  resumedAt: string;
}

/** A completed step of the procedure, for the append-only case history. Codes and figures only. */
export interface RecordStepCommand extends CaseRef {
  /** The task or step id: unique per run, so a retried activity adds nothing. */
  stepId: string;
  kind:
    | TaskKind
    | 'objection'
    | 'public-notice'
    | 'report'
    | 'elimination'
    | 'elimination-rollback'
    | 'emergency-relief'
    | 'fast-track'
    | 'plan-appraisal';
  /** Account id, or `system:<service>`. */
  actor: string;
  /** The task body or the step's facts: never a name, ID number or phone. */
  detail: Record<string, unknown>;
  /**
   * When set, the case row moves to this status from the one it may come from: excluded or
   * included (with `householdClass`) from open, risk-eliminated from included.
   */
  closeAs?: 'excluded' | 'included' | 'risk-eliminated';
  /** With `closeAs: 'included'`: the class the city gave the household. */
  householdClass?: HouseholdClass;
  /** A rolled-back elimination: the case row goes back from risk-eliminated to included. */
  reopen?: boolean;
  /** A staff decision's audit entry, written with the step in one transaction (once, like it). */
  audit?: StepAudit;
}

/** The audit entry of a decision taken through the API: the request's stamp and the actor's role. */
export interface StepAudit extends RequestStamp {
  actorRole: Role;
}

export interface VerificationActivities extends VerificationAuditActivities {
  /** Appends a step to the case history (and closes the case when asked); idempotent on stepId. */
  recordStep(command: RecordStepCommand): Promise<void>;
  /** Upserts the task's row in the task inbox; idempotent, last state wins by (runId, taskId). */
  syncTask(entry: TaskInboxEntry): Promise<void>;
  /**
   * Closes a completed task in one transaction: the step in the case history (as `recordStep`) and
   * the inbox row done (as `syncTask`).
   */
  closeTask(command: { step: RecordStepCommand; entry: TaskInboxEntry }): Promise<void>;
  /**
   * Opens a task in one activity: its due date, the policy's `spec` counted from `from` (as
   * `SchedulingActivities.dueAt` counts it), and its inbox row with that date (as `syncTask`).
   */
  openTask(command: OpenTaskCommand): Promise<DueAtResult>;
}

/** A command a case refused because the API did not issue it (see `commandMessage`). */
export interface RefusedCommand extends CaseRef {
  /** The Update's name (or the signal's, or the workflow type's for a start: see `via`). */
  update: string;
  via?: 'update' | 'signal' | 'start';
  /** The actor the command named (its id and role: codes), unproven. */
  claimedActorId: string | null;
  claimedRole: string | null;
  /** The task or step the command was for, when it named one. */
  target: string | null;
  /** Why: COMMAND.NOT_ISSUED. */
  code: string;
}

export interface VerificationAuditActivities {
  /** Writes the audit row of a refused command; idempotent on the case, run and Update id. */
  recordRefusedCommand(command: RefusedCommand & { updateId: string }): Promise<void>;
}

/**
 * Hosted by the workflow worker itself (a local activity): the public keys it trusts for commands,
 * so that a case reads them from its own worker's configuration and records them in its history.
 */
/** A signed command for the workflow worker to check: the text its signature covers, and it. */
export interface CommandCheck {
  keyId: string;
  /** `commandMessage` of the command. */
  message: string;
  /** The Ed25519 signature, 128 hex digits. */
  signature: string;
}

export interface CommandKeyActivities {
  commandKeys(): Promise<CommandKey[]>;
  /**
   * The trusted keys, and whether each command was signed by one of them. A run's first read of its
   * keys checks its first commands (its start, the alert it was started with) in the same local
   * activity, with the worker's native Ed25519: the sandbox's pure-JavaScript check costs a new
   * case more than anything else it does in its workflow task.
   */
  admit(checks: CommandCheck[]): Promise<{ keys: CommandKey[]; issued: boolean[] }>;
}

export interface OpenTaskCommand {
  /** The task's inbox row, without its due date: the activity counts it. */
  entry: Omit<TaskInboxEntry, 'dueAt' | 'dueProvisional' | 'dueBasis'>;
  /** ISO instant to count from. */
  from: string;
  spec: DeadlineSpec;
}

export interface EnterMonitoringObjectCommand extends CaseRef {
  householdKey: string;
  villageCode: string;
  householdClass: HouseholdClass;
  /** The event being entered: one entry per case and event. */
  event: 'inclusion' | 'elimination' | 'elimination-rollback';
  /** Which elimination (or rollback) of the period, from 1: each is its own entry. */
  round?: number;
}

/** A later change of an entered monitoring object, sent through the adapter (see `NationalUpdateRequest`). */
export interface UpdateMonitoringObjectCommand extends CaseRef {
  /** The national record number the inclusion was given. */
  recordId: string;
  villageCode: string;
  householdClass: HouseholdClass;
  change: 'measures';
  /** Which change of the period (the plan's number for measures): one update per case and change. */
  round: number;
  measures: NationalUpdateRequest['measures'];
}

export interface NationalEntryActivities {
  /**
   * How this case is entered into the national system (the deployment's setting, or its township's):
   * asked once, at the inclusion, and kept by the case.
   */
  nationalEntryPath(command: { caseId: string; townshipCode: string }): Promise<{
    path: NationalEntryPath;
  }>;
  /** Enters the monitoring object into the national system exactly once per case and event. */
  enterMonitoringObject(command: EnterMonitoringObjectCommand): Promise<{ entryId: string }>;
  /** Sends a later change of an entered monitoring object exactly once per case and change. */
  updateMonitoringObject(command: UpdateMonitoringObjectCommand): Promise<{ updateId: string }>;
}

export interface AdoptPlanCommand extends CaseRef {
  /** 1 for the plan made at inclusion, then one more after each rolled-back elimination. */
  planNo: number;
  householdClass: HouseholdClass;
  measures: AssistanceMeasure[];
  announcedOn: string;
  decidedBy: string;
}

export interface AdoptedMeasure {
  measureId: string;
  /** End of the measure's due day, Asia/Shanghai (ISO instant). */
  dueAt: string;
}

export interface MeasureProgressCommand extends CaseRef {
  measureId: string;
  /** Unique per run: a retried call adds nothing. */
  stepId: string;
  status: 'in-progress' | 'done' | 'cancelled';
  percent: number;
  actor: string;
  detail: Record<string, unknown>;
}

export interface AssistanceActivities {
  /** Records the city's plan and its measures, and when each is due; idempotent on the plan number. */
  adoptPlan(command: AdoptPlanCommand): Promise<{ planId: string; measures: AdoptedMeasure[] }>;
  /** Records a measure's progress (or end) in the plan and the case history; idempotent on stepId. */
  recordMeasureProgress(command: MeasureProgressCommand): Promise<void>;
}

/** Where a recount of provisional due dates has got to: the last inbox row it took. */
export interface RecountKey {
  runId: string;
  taskId: string;
}

export interface RecountPageCommand {
  /** Which recount this is: `calendar-<year>-r<revision>`. */
  recount: string;
  after: RecountKey | null;
  limit: number;
}

export interface RecountPageResult {
  /** Open tasks with a provisional due date that the page read, and how many now have another. */
  examined: number;
  changed: number;
  /** Cases told of their new due dates. */
  casesTold: number;
  last: RecountKey | null;
  done: boolean;
}

/**
 * The recount of provisional due dates once a year's arrangement is entered, hosted by intake: a
 * page of open tasks counted again on the current calendar, their inbox rows updated, and each case
 * told (the `deadlinesRecounted` signal) in bounded batches.
 */
export interface DeadlineRecountActivities {
  recountProvisionalDeadlines(command: RecountPageCommand): Promise<RecountPageResult>;
}

/** Input of the recount job (a workflow per entered arrangement). */
export interface DeadlineRecountInput {
  recount: string;
  /** Set when the job continues as new. */
  after?: RecountKey | null;
  /** The pass: a second one, a little later, finds tasks opened while the first ran. */
  pass?: number;
}
