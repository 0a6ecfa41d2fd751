import { QueryFailedError } from 'typeorm';

/** Node's codes for a connection that cannot be made or was lost on the way. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is not there to answer: class 08 (connection exception), 57P01–57P03
 * (shut down by its administrator, crashed, starting or stopping) and 53300 (no connection free).
 */
const UNAVAILABLE_STATE = /^(08...|57P0[123]|53300)$/;

/** node-postgres reports a connection lost mid-way or never made in time by message only. */
const LOST = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * Whether an error means PostgreSQL cannot be reached right now (as opposed to a query that is
 * wrong or refused): the request may succeed once it is back. Looks through TypeORM's wrapper and
 * `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATE.test(code))) {
      return true;
    }
    if (typeof message === 'string' && LOST.test(message)) return true;
    current =
      current instanceof QueryFailedError
        ? (current.driverError as unknown)
        : (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether a statement failed on a unique constraint (PostgreSQL's unique_violation). */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}
