import type { FieldProblem } from '@fanpin/contracts';

/** An error with a stable code, turned into an HTTP answer at the edge. No personal data inside. */
export class ApiError extends Error {
  constructor(
    /** A stable code: one of ErrorCodes, or an HTTP-level code such as ROUTE.NOT_FOUND. */
    readonly code: string,
    readonly status: number,
    message: string,
    /** A request that does not fit its schema: every problem, never a value that was sent. */
    readonly details?: FieldProblem[],
    /** Seconds after which the same request may succeed: answered as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
