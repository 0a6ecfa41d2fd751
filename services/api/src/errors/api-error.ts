/** An error with a stable code, turned into an HTTP answer at the edge. No personal data inside. */
export class ApiError extends Error {
  constructor(
    /** A stable code: one of ErrorCodes, or an HTTP-level code such as ROUTE.NOT_FOUND. */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
