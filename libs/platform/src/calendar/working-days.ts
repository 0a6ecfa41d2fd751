import { msToNumber, type Duration } from '@temporalio/common/lib/time';
import calendar from 'chinese-days/dist/chinese-days.json';

import type { DeadlineSpec } from '@fanpin/contracts';

/**
 * Working days of the official calendar of the People's Republic of China: weekends and public
 * holidays off, make-up working days (调休, often a Saturday or Sunday) on, as the State Council
 * publishes them each year (放假调休). The years the `chinese-days` package holds come from it (its
 * holiday and make-up day tables, read directly so that nothing depends on the machine's time
 * zone); a later year comes from the arrangement the city bureau enters from the notice
 * (`YearArrangement`, kept in PostgreSQL). A year that has neither is counted on weekdays only and
 * the result is marked provisional, never passed off as official.
 *
 * Dates here are calendar dates in China Standard Time (Asia/Shanghai, UTC+8 all year: China has
 * kept no daylight saving time since 1991).
 */

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The years the packaged calendar data covers, first and last. */
export const calendarCoverage = (() => {
  const years = [...Object.keys(calendar.holidays), ...Object.keys(calendar.workdays)].map((date) =>
    Number(date.slice(0, 4)),
  );
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) };
})();

/** One year's holidays and make-up working days, as the State Council's notice gives them. */
export interface YearArrangement {
  year: number;
  /** Days off that would be working days (YYYY-MM-DD, in that year). */
  holidays: readonly string[];
  /** Make-up working days (调休上班) that would be days off (YYYY-MM-DD, in that year). */
  workdays: readonly string[];
}

/** A date in the calendar: whether it is a working day, and whether that is only a guess. */
export interface CalendarDay {
  working: boolean;
  /** The year has no official arrangement: a weekday is taken as a working day. */
  provisional: boolean;
}

/** A deadline as counted, and whether a year without an official arrangement went into it. */
export interface CountedDeadline {
  at: Date;
  provisional: boolean;
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

const isWeekday = (date: string) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** Whether the package holds the year's official arrangement. */
export const packageCovers = (year: number): boolean =>
  year >= calendarCoverage.firstYear && year <= calendarCoverage.lastYear;

/** The package's arrangement of a year it covers (its holidays include the weekends they span). */
export function packagedArrangement(year: number): YearArrangement | undefined {
  if (!packageCovers(year)) return undefined;
  const ofYear = (dates: object) =>
    Object.keys(dates)
      .filter((d) => d.startsWith(`${year}-`))
      .sort();
  return { year, holidays: ofYear(calendar.holidays), workdays: ofYear(calendar.workdays) };
}

/** Whether a date is a working day by the package (for a year it covers). */
function packagedWorkingDay(date: string): boolean {
  if (date in calendar.workdays) return true;
  if (date in calendar.holidays) return false;
  return isWeekday(date);
}

/** Whether a date is a working day by an arrangement of its year. */
function arrangedWorkingDay(arrangement: YearArrangement, date: string): boolean {
  if (arrangement.workdays.includes(date)) return true;
  if (arrangement.holidays.includes(date)) return false;
  return isWeekday(date);
}

/** Every date of a year, in order. */
export function datesOfYear(year: number): string[] {
  const dates: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

/**
 * The dates on which an arrangement says otherwise than the package, for a year the package covers
 * (empty for a year it does not): a difference is reported and refused, never resolved silently.
 */
export function differencesFromPackage(arrangement: YearArrangement): string[] {
  if (!packageCovers(arrangement.year)) return [];
  return datesOfYear(arrangement.year).filter(
    (date) => arrangedWorkingDay(arrangement, date) !== packagedWorkingDay(date),
  );
}

/**
 * The working-day calendar: the package's years, and the arrangements entered for later years
 * (an entered arrangement of a packaged year must agree with the package: see
 * `differencesFromPackage`). Immutable: a new arrangement makes a new calendar.
 */
export class WorkingDayCalendar {
  private readonly arrangements: ReadonlyMap<number, YearArrangement>;

  constructor(arrangements: Iterable<YearArrangement> = []) {
    this.arrangements = new Map([...arrangements].map((a) => [a.year, a]));
  }

  /** Whether the year's official arrangement is known (packaged or entered). */
  knows(year: number): boolean {
    return packageCovers(year) || this.arrangements.has(year);
  }

  day(date: string): CalendarDay {
    const year = Number(date.slice(0, 4));
    const arrangement = this.arrangements.get(year);
    if (arrangement) return { working: arrangedWorkingDay(arrangement, date), provisional: false };
    if (packageCovers(year)) return { working: packagedWorkingDay(date), provisional: false };
    return { working: isWeekday(date), provisional: true };
  }

  /**
   * The end of the n-th working day after the day of `from` (that day itself does not count, as
   * 自受理之日起 n 个工作日 reads); provisional when a day of a year without arrangement was counted.
   */
  addWorkingDays(from: Date, workingDays: number): CountedDeadline {
    if (!Number.isInteger(workingDays) || workingDays < 0) {
      throw new RangeError('workingDays must be a whole number of days, 0 or more');
    }
    let date = cstDate(from);
    let provisional = false;
    for (let counted = 0; counted < workingDays;) {
      date = nextDate(date);
      const day = this.day(date);
      provisional ||= day.provisional;
      if (day.working) counted++;
    }
    return { at: endOfCstDay(date), provisional };
  }

  /**
   * The working days after the day of `from` up to and including the day of `until` (CST): how
   * many are left before a deadline that ends with the day of `until`; 0 when that day is not after
   * the day of `from`. Days of a year without arrangement count as weekdays do.
   */
  workingDaysBetween(from: Date, until: Date): number {
    const last = cstDate(until);
    let counted = 0;
    for (let date = nextDate(cstDate(from)); date <= last; date = nextDate(date)) {
      if (this.day(date).working) counted++;
    }
    return counted;
  }

  /** The instant a policy deadline falls on, counted from `from`. */
  deadline(from: Date, spec: DeadlineSpec): CountedDeadline {
    if ('workingDays' in spec) return this.addWorkingDays(from, spec.workingDays);
    if ('calendarDays' in spec)
      return { at: addCalendarDays(from, spec.calendarDays), provisional: false };
    return {
      at: new Date(from.getTime() + msToNumber(spec.duration as Duration)),
      provisional: false,
    };
  }
}

/** The calendar of the package alone (tests, and years nobody entered). */
export const packagedCalendar = new WorkingDayCalendar();

/**
 * The years a working-day deadline from `from` can reach: what a calendar must know before it
 * counts. A working week has at least three working days even around the Spring Festival.
 */
export function yearsReached(from: Date, spec: DeadlineSpec): number[] {
  const workingDays = (spec as { workingDays?: unknown } | null)?.workingDays;
  // Anything else counts no working day, or is malformed and refused when it is counted.
  if (!Number.isInteger(workingDays) || (workingDays as number) < 0) return [];
  const first = Number(cstDate(from).slice(0, 4));
  const reach = ((workingDays as number) * 3 + 30) * DAY_MS;
  const last = Number(cstDate(new Date(from.getTime() + reach)).slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
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

/**
 * From November on, the warning that next year's arrangement is still missing (the State Council
 * publishes it in November or December): deadlines reaching into it are provisional until it is
 * entered. Null when there is nothing to warn of.
 */
export function missingArrangementWarning(now: Date, calendar: WorkingDayCalendar): string | null {
  const today = cstDate(now);
  const year = Number(today.slice(0, 4));
  if (Number(today.slice(5, 7)) < 11 || calendar.knows(year + 1)) {
    return calendar.knows(year)
      ? null
      : `the official arrangement (放假调休) of ${year} is not entered: deadlines in it are provisional`;
  }
  return `the official arrangement (放假调休) of ${year + 1} is not entered yet: deadlines reaching into it are provisional until it is`;
}
