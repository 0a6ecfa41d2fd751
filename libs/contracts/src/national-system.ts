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

/** HTTP paths and headers of the simulator, which mirrors the adapter contract. */
export const NationalSystemHttp = {
  entriesPath: '/api/v1/monitoring-objects',
  idempotencyHeader: 'idempotency-key',
  behaviourPath: '/admin/behaviour',
  adminEntriesPath: '/admin/entries',
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
