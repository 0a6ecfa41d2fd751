/**
 * Contract of the national monitoring system (全国防返贫监测信息系统) as this project uses it.
 * The real system cannot be reached from here; `services/national-sim` implements the same contract.
 */
export interface NationalEntryRequest {
  /** Our key: the receiver rejects or deduplicates a second request with the same key. */
  idempotencyKey: string;
  householdKey: string;
  villageCode: string;
  householdClass: string;
  /**
   * What is entered: absent for the inclusion of a monitoring object; `elimination` marks its risk
   * eliminated (风险消除), `elimination-rollback` undoes that mark (风险消除回退).
   */
  event?: 'elimination' | 'elimination-rollback';
}

export interface NationalEntryResponse {
  entryId: string;
  /** True when the system had already recorded this idempotency key. */
  duplicate: boolean;
}

/** One measure of the plan as the national system records it (帮扶措施): codes only. */
export interface NationalMeasure {
  measureId: string;
  kind: string;
  measureCode: string;
  leadDepartment: string;
  /** yyyy-mm-dd. */
  dueOn: string;
}

/**
 * A later change of a monitoring object already entered (its record number `recordId`): the
 * measures a plan (or its revision) adds and ends. Every update carries the household's current
 * class, so the national record follows a class change with the next one.
 */
export interface NationalUpdateRequest {
  /** Our key: the receiver deduplicates a second request with the same key. */
  idempotencyKey: string;
  /** The monitoring object's national record number (监测对象编号), from its inclusion. */
  recordId: string;
  villageCode: string;
  householdClass: string;
  change: 'measures';
  measures: { added: NationalMeasure[]; ended: { measureId: string; reasonCode: string }[] };
}

export interface NationalUpdateResponse {
  updateId: string;
  duplicate: boolean;
}

/** HTTP paths and headers of the simulator, which mirrors the adapter contract. */
export const NationalSystemHttp = {
  entriesPath: '/api/v1/monitoring-objects',
  /** Updates of one monitoring object: `/api/v1/monitoring-objects/{recordId}/updates`. */
  updatesPath: (recordId: string) =>
    `/api/v1/monitoring-objects/${encodeURIComponent(recordId)}/updates`,
  idempotencyHeader: 'idempotency-key',
  behaviourPath: '/admin/behaviour',
  adminEntriesPath: '/admin/entries',
  adminUpdatesPath: '/admin/updates',
  adminRequestsPath: '/admin/requests',
} as const;

/** How the simulator misbehaves, set through its admin endpoint. */
export interface SimulatorBehaviour {
  /** Added latency per request, in milliseconds. */
  latencyMs: number;
  /** The next N entry requests fail with 503. */
  failNext: number;
  /** The next N entry requests are rejected with 422 (a permanent rejection). */
  rejectNext: number;
  /** Answer a repeated idempotency key with 409 instead of replaying the first answer. */
  rejectDuplicates: boolean;
}

/** How the simulator answered an entry request. */
export type SimulatorOutcome = 'created' | 'replayed' | 'duplicate' | 'failed' | 'rejected';

/**
 * One entry request the simulator received, in the order received: unlike its entries (one per
 * idempotency key), the log shows every request, a repeated key included, and one still unanswered.
 */
export interface SimulatorRequest {
  /** 1 for the first request since the simulator started or was reset. */
  seq: number;
  idempotencyKey: string;
  /** ISO instants. */
  receivedAt: string;
  answeredAt: string | null;
  /** Null while the request is in flight (the simulator is slowed and has not answered yet). */
  outcome: SimulatorOutcome | null;
  /** The entry the answer named, when it named one. */
  entryId: string | null;
}
