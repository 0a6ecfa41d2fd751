import type { CasePolicy } from './case';
import type { SectorBureau } from './codes';

/** Input of the batch workflow: which stored batch to process, and the policy of new cases. */
export interface AlertBatchWorkflowInput {
  bureau: SectorBureau;
  batchId: string;
  policy: CasePolicy;
  /** Set when the run continues as new: records up to this line are handed over. */
  afterLine?: number;
}

export interface BatchRef {
  bureau: SectorBureau;
  batchId: string;
}

export interface PreparedBatch {
  newCases: number;
  attached: number;
  duplicates: number;
  rejected: number;
}

export interface DispatchBatchCommand extends BatchRef {
  afterLine: number;
  limit: number;
  policy: CasePolicy;
}

export interface DispatchBatchResult {
  dispatched: number;
  lastLine: number;
  done: boolean;
}

/**
 * Batch processing, hosted by the intake service: set-based in PostgreSQL, and only the households
 * that need a case or an attached alert reach Temporal, in bounded concurrent chunks.
 */
export interface BatchActivities {
  /** Stores households and alerts of the valid records and classifies each; idempotent. */
  prepareBatch(ref: BatchRef): Promise<PreparedBatch>;
  /** Hands the next chunk of records after `afterLine` to their cases (Signal-With-Start). */
  dispatchBatch(command: DispatchBatchCommand): Promise<DispatchBatchResult>;
  /** Marks the batch done. */
  finishBatch(ref: BatchRef): Promise<void>;
}

/** Workflow id of a batch's processing: one per bureau and batch id. */
export function batchWorkflowId(ref: BatchRef): string {
  return `alert-batch-${ref.bureau}-${ref.batchId}`;
}
