import type { CaseStage, DeadlineSpec, DivisionCodes, EntryChannel, HouseholdClass } from './case';

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
  /** The policy's whole-identification deadline, counted from intake. */
  identificationDeadline?: DeadlineSpec;
}

export interface OpenCaseResult {
  openedAt: string;
  /** When the identification must be decided; null when the calendar cannot say (see problem). */
  identificationDueAt?: string | null;
  /** A stable code when there is no due date: CALENDAR.NOT_COVERED. */
  identificationDueAtProblem?: string | null;
}

export interface IntakeActivities {
  /** Records the case in PostgreSQL; idempotent on the run id. */
  openCase(command: OpenCaseCommand): Promise<OpenCaseResult>;
}

export interface RecordDecisionCommand extends CaseRef {
  taskId: string;
  include: boolean;
  householdClass: HouseholdClass | null;
  reasonCode: string | null;
  decidedBy: string;
  nextStage: CaseStage;
}

export interface VerificationActivities {
  /** Appends the decision to the case history and moves the case; idempotent on the task id. */
  recordDecision(command: RecordDecisionCommand): Promise<void>;
}

export interface EnterMonitoringObjectCommand extends CaseRef {
  householdKey: string;
  villageCode: string;
  householdClass: HouseholdClass;
  /** The event being entered: one entry per case and event. */
  event: 'inclusion';
}

export interface NationalEntryActivities {
  /** Enters the monitoring object into the national system exactly once per case and event. */
  enterMonitoringObject(command: EnterMonitoringObjectCommand): Promise<{ entryId: string }>;
}

export interface OpenAssistancePlanCommand extends CaseRef {
  householdClass: HouseholdClass;
}

export interface AssistanceActivities {
  /** Opens the household's assistance plan (帮扶计划), to be filled with measures; idempotent. */
  openAssistancePlan(command: OpenAssistancePlanCommand): Promise<{ planId: string }>;
}
