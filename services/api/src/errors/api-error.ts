import { ErrorCodes, type FieldProblem } from '@fanpin/contracts';

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

/**
 * 400 INPUT.INVALID for one field (of the path or the query) that does not fit: `message` says
 * what it must be, in the answer's details as in a form's problems.
 */
export function invalidField(
  field: string,
  message: string,
  summary = `${field} is malformed`,
  rule = 'format',
): ApiError {
  return new ApiError(ErrorCodes.inputInvalid, 400, summary, [{ field, rule, message }]);
}

/**
 * How many lines a file a bureau sends may hold (a batch's records, an export's rows): none is 400
 * with the `empty` code, more than `max` 413 with the `tooLarge` one, each with its own words.
 */
export function checkLineCount(
  count: number,
  max: number,
  empty: readonly [code: string, message: string],
  tooLarge: readonly [code: string, message: string],
): void {
  if (count === 0) throw new ApiError(empty[0], 400, empty[1]);
  if (count > max) throw new ApiError(tooLarge[0], 413, tooLarge[1]);
}
