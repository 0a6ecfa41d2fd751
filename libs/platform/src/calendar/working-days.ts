import { msToNumber, type Duration } from '@temporalio/common/lib/time';
import calendar from 'chinese-days/dist/chinese-days.json';

import type { DeadlineSpec } from '@fanpin/contracts';

/**
 * Working days of the official calendar of the People's Republic of China: weekends and public
 * holidays off, make-up working days (调休, often a Saturday or Sunday) on, as the State Council
 * publishes them each year. The data is the `chinese-days` package's (its holiday and make-up day
 * tables, read directly so that nothing depends on the machine's time zone); a year it does not
 * hold is an error, never a guess.
 *
 * Dates here are calendar dates in China Standard Time (Asia/Shanghai, UTC+8 all year: China has
 * kept no daylight saving time since 1991).
 */

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The years the official calendar data covers, first and last. */
export const calendarCoverage = (() => {
  const years = [...Object.keys(calendar.holidays), ...Object.keys(calendar.workdays)].map((date) =>
    Number(date.slice(0, 4)),
  );
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) };
})();

/** A date outside the years the official calendar covers: refresh the calendar package. */
export class CalendarNotCoveredError extends Error {
  readonly code = 'CALENDAR.NOT_COVERED';

  constructor(readonly date: string) {
    super(
      `the official working-day calendar of ${date.slice(0, 4)} is not in this release ` +
        `(it covers ${calendarCoverage.firstYear}–${calendarCoverage.lastYear}): update the chinese-days package`,
    );
    this.name = 'CalendarNotCoveredError';
  }
}

/** The China Standard Time calendar date (YYYY-MM-DD) of an instant. */
export function cstDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a CST calendar date, as an instant. */
export function endOfCstDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CST_OFFSET_MS + DAY_MS - 1);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Whether a CST calendar date is a working day; throws for a year the calendar does not cover. */
export function isWorkingDay(date: string): boolean {
  const year = Number(date.slice(0, 4));
  if (year < calendarCoverage.firstYear || year > calendarCoverage.lastYear) {
    throw new CalendarNotCoveredError(date);
  }
  if (date in calendar.workdays) return true;
  if (date in calendar.holidays) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline `workingDays` working days after `from`: the end of the n-th working day after the
 * day of `from` (that day itself does not count, as 自受理之日起 n 个工作日 reads).
 */
export function addWorkingDays(from: Date, workingDays: number): Date {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError('workingDays must be a whole number of days, 0 or more');
  }
  let date = cstDate(from);
  for (let counted = 0; counted < workingDays;) {
    date = nextDate(date);
    if (isWorkingDay(date)) counted++;
  }
  return endOfCstDay(date);
}

/**
 * The working days after the day of `from` up to and including the day of `until` (CST): how many
 * working days are left before a deadline that ends with the day of `until`; 0 when that day is not
 * after the day of `from`. Throws CalendarNotCoveredError past the calendar's years.
 */
export function workingDaysBetween(from: Date, until: Date): number {
  const last = cstDate(until);
  let counted = 0;
  for (let date = nextDate(cstDate(from)); date <= last; date = nextDate(date)) {
    if (isWorkingDay(date)) counted++;
  }
  return counted;
}

/** The end of the n-th calendar day after the day of `from` (a notice period of n days). */
export function addCalendarDays(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError('days must be a whole number of days, 0 or more');
  }
  return endOfCstDay(
    new Date(Date.parse(`${cstDate(from)}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10),
  );
}

/** The instant a policy deadline falls on, counted from `from`. */
export function deadlineFrom(from: Date, spec: DeadlineSpec): Date {
  if ('workingDays' in spec) return addWorkingDays(from, spec.workingDays);
  if ('calendarDays' in spec) return addCalendarDays(from, spec.calendarDays);
  return new Date(from.getTime() + msToNumber(spec.duration as Duration));
}

/**
 * The next half-monthly report cut-off (半月报): the end, in China Standard Time, of the 15th or of
 * the month's last day, whichever comes first on or after the CST date of `from`. On a cut-off day
 * itself, the cut-off is that evening.
 */
export function nextReportCutoff(from: Date): Date {
  const date = cstDate(from);
  const month = date.slice(0, 7);
  if (Number(date.slice(8)) <= 15) return endOfCstDay(`${month}-15`);
  // Day 0 of the next month is the last day of this one (Date.UTC counts months from 0).
  const lastDay = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0));
  return endOfCstDay(lastDay.toISOString().slice(0, 10));
}
