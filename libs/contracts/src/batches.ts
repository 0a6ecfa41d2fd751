import type { CasePolicy } from './case';
import type { SectorBureau } from './case';

export const BatchStatuses = ['received', 'dispatching', 'done'] as const;
export type BatchStatus = (typeof BatchStatuses)[number];

/** What became of each record: a new case, an alert attached to the household's case, … */
export const BatchOutcomes = ['new-case', 'attached', 'duplicate', 'rejected'] as const;
export type BatchOutcome = (typeof BatchOutcomes)[number];

/** A batch's state and counts, as `GET /v1/alert-batches/{batchId}` shows them. */
export interface AlertBatchView {
  batchId: string;
  bureau: SectorBureau;
  status: BatchStatus;
  /** Records in the batch, and how many were refused with a line in the rejection report. */
  total: number;
  rejected: number;
  /** Alerts received before (same bureau and alert id, same content): nothing changed. */
  duplicates: number;
  newCases: number;
  attached: number;
  /** Households handed to their case so far (progress). */
  dispatched: number;
  toDispatch: number;
  receivedAt: string;
  finishedAt: string | null;
}

/** One line of a batch's rejection report: where, which field, why. Never the value itself. */
export interface BatchRejection {
  /** The record's line in the CSV file (the header is line 1), or its position from 1 in JSON. */
  line: number;
  alertId: string | null;
  field: string;
  code: string;
  message: string;
}

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
