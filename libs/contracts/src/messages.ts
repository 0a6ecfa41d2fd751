import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

import type {
  CaseSummary,
  DivisionCodes,
  EliminationRollbackResult,
  FastTrackResult,
  ObjectionLodgingResult,
  PlanAppraisalResult,
  ReliefGrantResult,
} from './api/cases';
import type { AlertRef } from './case';
import type { Signed } from './commands';
import type {
  EliminationRollback,
  FastTrack,
  HouseholdMove,
  PolicyAdoption,
  ObjectionLodging,
  PlanAppraisal,
  ReliefGrant,
  TaskCompletion,
  TaskCompletionResult,
} from './tasks';

export const WorkflowTypes = {
  householdCase: 'householdCase',
  alertBatch: 'alertBatch',
  deadlineRecount: 'deadlineRecount',
  noop: 'noopWorkflow',
} as const;

/** A further alert or declaration for a household whose case is open. */
export const alertSignal = defineSignal<[AlertRef]>('alert');

/** Staff complete a task of the procedure with its form (any kind, the city's determination too). */
export const completeTaskUpdate = defineUpdate<TaskCompletionResult, [TaskCompletion]>(
  'completeTask',
);

/** An objection is lodged during the public notice; it becomes an objection-review task. */
export const lodgeObjectionUpdate = defineUpdate<ObjectionLodgingResult, [ObjectionLodging]>(
  'lodgeObjection',
);

/** The city bureau rolls back a risk-eliminated mark while the case is still open (风险消除回退). */
export const rollBackEliminationUpdate = defineUpdate<
  EliminationRollbackResult,
  [EliminationRollback]
>('rollBackElimination');

/** The household moved (迁移): the case, its open tasks and its search attributes follow it. */
export const moveHouseholdUpdate = defineUpdate<{ divisions: DivisionCodes }, [HouseholdMove]>(
  'moveHousehold',
);

/**
 * Emergency relief granted to a household in sudden severe difficulty while its identification goes
 * on: recorded in the case's history on the day; the case counts as a sudden-hardship case.
 */
export const grantReliefUpdate = defineUpdate<ReliefGrantResult, [ReliefGrant]>('grantRelief');

/** The city bureau takes a sudden-hardship case ahead of the half-monthly cut-off (快速认定). */
export const fastTrackUpdate = defineUpdate<FastTrackResult, [FastTrack]>('fastTrack');
/**
 * A village meeting appraised the case's plan in force (帮扶措施民主评议): approved, its measures are
 * posted; rejected, the city bureau reviews the plan.
 */
export const appraisePlanUpdate = defineUpdate<PlanAppraisalResult, [PlanAppraisal]>(
  'appraisePlan',
);

export const adoptPolicyUpdate = defineUpdate<{ yearLines: string[] }, [PolicyAdoption]>(
  'adoptPolicy',
);

export const summaryQuery = defineQuery<CaseSummary>('summary');

/**
 * The keys that sign commands have changed (a rotation): the case reads its worker's trusted keys
 * again. Sent by the API when a case did not know a command's key; harmless from anyone else.
 */
export const commandKeysChangedSignal = defineSignal('commandKeysChanged');

/** Due dates recounted on a newer calendar (a year's arrangement entered): codes and instants only. */
export interface DeadlinesRecounted extends Signed {
  /** Which recount (the arrangement's year and revision): the same one twice changes nothing more. */
  recount: string;
  tasks: { taskId: string; dueAt: string; provisional: boolean }[];
}

/**
 * A recount job tells a case the new due dates of its provisional tasks, as an activity counted
 * them (the signal's payload is in the case's history: its replay never depends on the calendar).
 * Signed by the intake service like the API's commands: a signal cannot be refused, so a case
 * ignores (and audits) one that is not.
 */
export const deadlinesRecountedSignal = defineSignal<[DeadlinesRecounted]>('deadlinesRecounted');
