import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

import {
  CaseSearchAttributes as SA,
  type CaseStage,
  type CaseSummary,
  type HouseholdCaseInput,
  type OpenTask,
} from '@fanpin/contracts';

/** The state of one case run, with the search attributes kept in step with it. */
export class CaseState {
  readonly summary: CaseSummary;

  constructor(input: HouseholdCaseInput, stage: CaseStage) {
    const info = workflowInfo();
    this.summary = {
      caseId: info.workflowId,
      runId: info.runId,
      householdKey: input.householdKey,
      divisions: input.divisions,
      channel: input.channel,
      policyVersion: input.policy.version,
      stage,
      openTask: null,
      alertIds: [],
      completedTaskIds: [],
      nationalEntryId: null,
    };
  }

  attachAlert(alertId: string): void {
    if (!this.summary.alertIds.includes(alertId)) {
      this.summary.alertIds.push(alertId);
    }
  }

  /** Moves to a stage with no one to wait for, updating any further attributes with it. */
  moveTo(stage: CaseStage, also: SearchAttributeUpdatePair[] = []): void {
    this.summary.stage = stage;
    this.summary.openTask = null;
    upsertSearchAttributes([
      { key: SA.stage, value: stage },
      { key: SA.awaitingRole, value: null },
      { key: SA.stageDeadline, value: null },
      { key: SA.overdue, value: null },
      ...also,
    ]);
  }

  /** Moves to a stage that waits for a person's task. */
  await(stage: CaseStage, task: OpenTask): void {
    this.summary.stage = stage;
    this.summary.openTask = task;
    upsertSearchAttributes([
      { key: SA.stage, value: stage },
      { key: SA.awaitingRole, value: task.awaitingRole },
      { key: SA.stageDeadline, value: task.dueAt === null ? null : new Date(task.dueAt) },
      { key: SA.overdue, value: false },
    ]);
  }

  /** Closes the open task so that a second decision on it is refused at once. */
  completeTask(taskId: string): void {
    this.summary.completedTaskIds.push(taskId);
    this.summary.openTask = null;
  }

  markOverdue(): void {
    upsertSearchAttributes([{ key: SA.overdue, value: true }]);
  }
}
