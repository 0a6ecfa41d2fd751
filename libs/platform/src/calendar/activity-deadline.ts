import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import { ErrorCodes, type DeadlineSpec, type DueAtResult } from '@fanpin/contracts';

import { CalendarNotCoveredError, deadlineFrom } from './working-days';

/** A malformed command from workflow code: retrying cannot help, so the failure is final. */
export function invalidActivityInput(field: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorCodes.inputInvalid,
    message: `${field} is not valid`,
    nonRetryable: true,
  });
}

/** An ISO instant of an activity's command. */
export function activityInstant(iso: string, field = 'from'): Date {
  const date = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) throw invalidActivityInput(field);
  return date;
}

/** The case the current activity works for: its workflow id holds a keyed hash, no personal data. */
export function currentCase(): string {
  try {
    return activityInfo().workflowExecution?.workflowId ?? 'a case';
  } catch {
    return 'a case'; // called outside an activity (tests, tools)
  }
}

/**
 * A policy deadline counted in an activity, for history to record. Past the years the official
 * calendar covers, the step opens all the same without a due date and says why
 * (CALENDAR.NOT_COVERED, and a warning naming `what`: codes only); a malformed spec fails for good.
 */
export function settledDeadline(
  from: Date,
  spec: DeadlineSpec,
  what: string,
  logger: { warn(message: string): void },
): DueAtResult {
  try {
    return { dueAt: deadlineFrom(from, spec).toISOString(), problem: null };
  } catch (error) {
    // deadlineFrom is pure: anything else it throws is a malformed spec, and retrying cannot help.
    if (!(error instanceof CalendarNotCoveredError))
      throw invalidActivityInput('the deadline spec');
    logger.warn(`${what} has no deadline: ${error.message}`);
    return { dueAt: null, problem: error.code };
  }
}
