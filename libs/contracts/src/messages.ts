import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

import type { AlertRef, CaseSummary, DeterminationDecision, DeterminationResult } from './case';

export const WorkflowTypes = {
  householdCase: 'householdCase',
  noop: 'noopWorkflow',
} as const;

/** A further alert or declaration for a household whose case is open. */
export const alertSignal = defineSignal<[AlertRef]>('alert');

/** The city bureau completes its determination task. */
export const determineUpdate = defineUpdate<DeterminationResult, [DeterminationDecision]>(
  'determine',
);

export const summaryQuery = defineQuery<CaseSummary>('summary');
