import type {
  NationalEntryRequest,
  NationalEntryResponse,
  NationalUpdateRequest,
  NationalUpdateResponse,
} from '@fanpin/contracts';

/** The national monitoring system, as the national-entry service sees it. */
export interface NationalSystemPort {
  /** `signal` aborts the call (the activity was cancelled). */
  enter(request: NationalEntryRequest, signal?: AbortSignal): Promise<NationalEntryResponse>;
  /** A later change of an entered monitoring object (its measures). */
  update(request: NationalUpdateRequest, signal?: AbortSignal): Promise<NationalUpdateResponse>;
}

export const NATIONAL_SYSTEM = Symbol('NATIONAL_SYSTEM');

/** The system refused the entry for good (bad data): retrying will not help; a person must act. */
export class NationalSystemRejectedError extends Error {
  constructor(readonly reasonCode: string) {
    super(`the national system rejected the entry (${reasonCode})`);
    this.name = 'NationalSystemRejectedError';
  }
}

/** The system could not be reached or failed: worth retrying later. */
export class NationalSystemUnavailableError extends Error {
  constructor(detail: string) {
    super(`the national system is unavailable (${detail})`);
    this.name = 'NationalSystemUnavailableError';
  }
}
