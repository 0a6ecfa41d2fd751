import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import { ErrorCodes, type DeadlineSpec, type DueAtResult } from '@fanpin/contracts';

import type { WorkingDayCalendar } from './working-days';

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
 * A policy deadline counted in an activity, for history to record. A deadline that reaches into a
 * year without an official arrangement is counted on weekdays only and marked provisional (with a
 * warning naming `what`: codes only), until the arrangement is entered and the task recounted from
 * the basis returned here. A malformed spec fails for good.
 */
export function settledDeadline(
  calendar: WorkingDayCalendar,
  from: Date,
  spec: DeadlineSpec,
  what: string,
  logger: { warn(message: string): void },
): DueAtResult {
  let counted;
  try {
    counted = calendar.deadline(from, spec);
  } catch {
    // Counting is pure: what it throws is a malformed spec, and retrying cannot help.
    throw invalidActivityInput('the deadline spec');
  }
  if (counted.provisional) {
    logger.warn(
      `${what} has a provisional deadline: a year it reaches has no official arrangement`,
    );
  }
  return {
    dueAt: counted.at.toISOString(),
    provisional: counted.provisional,
    basis: { from: from.toISOString(), spec },
  };
}

/** Where a deadline's calendar comes from: CalendarYears, which reads the years entered. */
export interface DeadlineCalendars {
  calendarFor(from: Date, spec: DeadlineSpec): Promise<WorkingDayCalendar>;
}

/** A deadline settled (`settledDeadline`) on the calendar that knows every year it reaches. */
export async function calendarDeadline(
  calendars: DeadlineCalendars,
  from: Date,
  spec: DeadlineSpec,
  what: string,
  logger: { warn(message: string): void },
): Promise<DueAtResult> {
  return settledDeadline(await calendars.calendarFor(from, spec), from, spec, what, logger);
}
