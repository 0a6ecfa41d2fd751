import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

import {
  CaseSearchAttributes as SA,
  type AlertRef,
  type CaseRef,
  type CaseStage,
  type CaseSummary,
  type DivisionCodes,
  type HouseholdCaseInput,
  type OpenTask,
  type PolicyYearLine,
  type Role,
  type TimelineEntry,
} from '@fanpin/contracts';

/** The state of one case run, with the search attributes kept in step with it. */
export class CaseState {
  readonly summary: CaseSummary;

  /**
   * Tasks withdrawn without completion (measures cancelled when the risk is eliminated): their ids
   * stay taken, so a later plan cannot give a measure the id of one whose record exists.
   */
  readonly withdrawnTaskIds: string[];

  /** The source of the latest alert that arrived (a new monitoring period takes its channel). */
  lastAlertSource: AlertRef['source'] | null = null;

  constructor(input: HouseholdCaseInput, stage: CaseStage) {
    const info = workflowInfo();
    const resume = input.resume;
    this.withdrawnTaskIds = [...(resume?.withdrawnTaskIds ?? [])];
    this.summary = {
      caseId: info.workflowId,
      // A run that continues a monitoring period acts under the period's first run id.
      runId: resume?.periodRunId ?? info.runId,
      householdKey: input.householdKey,
      divisions: input.divisions,
      channel: input.channel,
      policyVersion: input.policy.version,
      stage,
      openTask: null,
      openTasks: [],
      stageDeadline: null,
      noticeEndsAt: null,
      alertIds: [...(resume?.alertIds ?? input.carriedAlertIds ?? [])],
      completedTaskIds: [...(resume?.completedTaskIds ?? [])],
      objectionIds: [...(resume?.objectionIds ?? [])],
      nationalEntryId: resume?.nationalEntryId ?? null,
      timeline: [],
      yearLines: [...(resume?.yearLines ?? [])],
      ...(resume ? { householdClass: resume.householdClass, visits: resume.visits } : {}),
    };
  }

  /** The case as activity commands name it. */
  get ref(): CaseRef {
    return { caseId: this.summary.caseId, runId: this.summary.runId };
  }

  attachAlert(alert: AlertRef): void {
    this.lastAlertSource = alert.source;
    if (!this.summary.alertIds.includes(alert.alertId)) {
      this.summary.alertIds.push(alert.alertId);
    }
  }

  /** Adds an entry to the timeline (workflow time: deterministic). */
  note(event: string, extra: Omit<TimelineEntry, 'at' | 'stage' | 'event'> = {}): void {
    this.summary.timeline.push({
      at: new Date().toISOString(),
      stage: this.summary.stage,
      event,
      ...extra,
    });
  }

  /**
   * Moves to a stage with no one to wait for (until `deadline`, if it has one), updating any further
   * attributes with it. Nothing is late in it: `Overdue` is false.
   */
  moveTo(
    stage: CaseStage,
    also: SearchAttributeUpdatePair[] = [],
    deadline: Date | null = null,
  ): void {
    this.summary.stage = stage;
    this.summary.openTask = null;
    this.summary.stageDeadline = deadline?.toISOString() ?? null;
    this.note('entered');
    upsertSearchAttributes([
      { key: SA.stage, value: stage },
      { key: SA.awaitingRole, value: null },
      { key: SA.stageDeadline, value: deadline },
      { key: SA.deadlineProvisional, value: false },
      { key: SA.overdue, value: false },
      ...also,
    ]);
  }

  /** The household moved (迁移): the case, its inbox rows and supervisors' searches follow it. */
  moveHousehold(divisions: DivisionCodes, by: string, reasonCode: string): void {
    this.summary.divisions = divisions;
    this.note('moved', { by, code: reasonCode });
    upsertSearchAttributes([
      { key: SA.countyCode, value: divisions.countyCode },
      { key: SA.townshipCode, value: divisions.townshipCode },
      { key: SA.villageCode, value: divisions.villageCode },
    ]);
  }

  /** The income lines the case judges figures against from now on (at opening, or when moved). */
  keepYearLines(lines: readonly PolicyYearLine[], by?: string, reasonCode?: string): void {
    this.summary.yearLines = lines.map((line) => ({ ...line }));
    if (by) this.note('policy-adopted', { by, code: reasonCode });
  }

  /** The income lines the case keeps. */
  get yearLines(): readonly PolicyYearLine[] {
    return this.summary.yearLines ?? [];
  }

  /** Moves to a stage that waits for a person's task. */
  await(stage: CaseStage, task: OpenTask): void {
    this.summary.stage = stage;
    this.summary.openTask = task;
    this.summary.stageDeadline = task.dueAt;
    this.summary.openTasks = [
      task,
      ...this.summary.openTasks.filter((t) => t.taskId !== task.taskId),
    ];
    this.note('task-opened', { taskId: task.taskId });
    upsertSearchAttributes([
      { key: SA.stage, value: stage },
      { key: SA.awaitingRole, value: task.awaitingRole },
      { key: SA.stageDeadline, value: task.dueAt === null ? null : new Date(task.dueAt) },
      { key: SA.deadlineProvisional, value: task.dueProvisional === true },
      { key: SA.overdue, value: false },
    ]);
  }

  /** A task's due date recounted on a newer calendar; `undone` when its escalation was cleared. */
  dueRecounted(task: OpenTask, undone: boolean): void {
    this.note('deadline-recounted', {
      taskId: task.taskId,
      code: task.dueProvisional ? 'PROVISIONAL' : 'OFFICIAL',
    });
    if (this.summary.openTask?.taskId !== task.taskId) return;
    this.summary.stageDeadline = task.dueAt;
    upsertSearchAttributes([
      { key: SA.stageDeadline, value: task.dueAt === null ? null : new Date(task.dueAt) },
      { key: SA.deadlineProvisional, value: task.dueProvisional === true },
      ...(undone ? [{ key: SA.overdue, value: false }] : []),
    ]);
  }

  /** A task beside the stage's own (an objection review during a notice). */
  addSideTask(task: OpenTask): void {
    this.summary.openTasks.push(task);
    this.note('task-opened', { taskId: task.taskId });
  }

  /** Closes the open task so that a second decision on it is refused at once. */
  completeTask(taskId: string, by?: string, code?: string): void {
    this.summary.completedTaskIds.push(taskId);
    this.summary.openTasks = this.summary.openTasks.filter((t) => t.taskId !== taskId);
    if (this.summary.openTask?.taskId === taskId) this.summary.openTask = null;
    this.note('task-completed', { taskId, ...(by ? { by } : {}), ...(code ? { code } : {}) });
  }

  /** Takes a task off the list without completing it (a measure cancelled at elimination). */
  withdrawTask(taskId: string, code: string): void {
    this.summary.openTasks = this.summary.openTasks.filter((t) => t.taskId !== taskId);
    if (this.summary.openTask?.taskId === taskId) this.summary.openTask = null;
    this.withdrawnTaskIds.push(taskId);
    this.note('task-cancelled', { taskId, code });
  }

  markOverdue(): void {
    upsertSearchAttributes([{ key: SA.overdue, value: true }]);
  }

  /** An overdue task: flagged, and handed to the level above to chase. */
  escalate(taskId: string, to: Role): void {
    const task = this.summary.openTasks.find((t) => t.taskId === taskId);
    if (task) task.escalatedTo = to;
    this.note('overdue', { taskId, code: `ESCALATED_TO_${to}` });
    if (this.summary.openTask?.taskId === taskId) this.markOverdue();
  }
}
