import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, WorkerInterceptors } from '@temporalio/worker';

interface DriverError {
  code?: unknown;
  table?: unknown;
  constraint?: unknown;
}

/**
 * A database error as the SQLSTATE, table and constraint alone (never its message or detail, which
 * may quote a value): TypeORM's wrapper, or the driver's error itself.
 */
export function describeDatabaseError(error: object): string {
  const d = ((error as { driverError?: DriverError }).driverError ?? error) as DriverError;
  const parts = [`SQLSTATE ${typeof d.code === 'string' ? d.code : 'unknown'}`];
  if (typeof d.table === 'string') parts.push(`table ${d.table}`);
  if (typeof d.constraint === 'string') parts.push(`constraint ${d.constraint}`);
  return `database error (${parts.join(', ')})`;
}

/**
 * What leaves an activity (into Temporal's history, the worker's logs, the caller) must not carry
 * personal data. Database errors carry the SQL parameters and the driver's detail, which may hold
 * names or ID numbers: they leave as a retryable failure naming only the SQLSTATE, table and
 * constraint. Failures the activities build themselves (ApplicationFailure) pass unchanged.
 */
export function sanitizeActivityError(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof Error && (error.name === 'QueryFailedError' || 'driverError' in error)) {
    return ApplicationFailure.create({ type: 'DATABASE', message: describeDatabaseError(error) });
  }
  return error;
}

class SanitizingInterceptor implements ActivityInboundCallsInterceptor {
  async execute(
    input: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[0],
    next: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[1],
  ): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      throw sanitizeActivityError(error);
    }
  }
}

export const sanitizingInterceptors: WorkerInterceptors = {
  activity: [() => ({ inbound: new SanitizingInterceptor() })],
};
