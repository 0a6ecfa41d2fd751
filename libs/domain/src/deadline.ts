import type { DeadlineSpec } from '@fanpin/contracts';

const WORKING_DAYS = /^(\d{1,3}) ?working ?days?$/;
const CALENDAR_DAYS = /^(\d{1,3}) ?(?:calendar ?)?days?$/;
const DURATION = /^\d{1,9} ?(ms|s|seconds?|m|minutes?|h|hours?)$/;

/**
 * A deadline as configuration writes it: `20 working days`, `5 days` (calendar days), or a short
 * Temporal duration for tests (`4s`, `10 minutes`). Undefined when it is none of these.
 */
export function parseDeadlineSpec(text: string): DeadlineSpec | undefined {
  const value = text.trim().toLowerCase();
  const working = WORKING_DAYS.exec(value);
  if (working) return { workingDays: Number(working[1]) };
  const calendar = CALENDAR_DAYS.exec(value);
  if (calendar) return { calendarDays: Number(calendar[1]) };
  if (DURATION.test(value)) return { duration: value };
  return undefined;
}
