import type { ErrorCode } from '@fanpin/contracts';

/** An error with a stable code, turned into an HTTP answer at the edge. No personal data inside. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
