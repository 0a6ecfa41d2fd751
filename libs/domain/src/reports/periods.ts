import type { ReportKind, ReportPeriod } from '@fanpin/contracts';

/**
 * The periods of the periodic reports, in China Standard Time (UTC+8, no daylight saving). A period
 * runs after the end of one day up to and including the end of another (the last millisecond of a
 * CST day, the instant the household cases' half-monthly cut-off timers use). Pure: the report
 * workflow computes its period from the time its Schedule fired.
 */
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function cstParts(instant: Date): { year: number; month: number; day: number } {
  const shifted = new Date(instant.getTime() + CST_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The end (last millisecond) of a CST day; day 0 is the last day of the month before. */
function endOfCstDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - CST_OFFSET_MS + DAY_MS - 1);
}

/** The last half-monthly cut-off before `at`: the 15th, or the last day of a month. */
function lastCutoffBefore(at: Date): Date {
  const { year, month, day } = cstParts(at);
  return day > 15 ? endOfCstDay(year, month, 15) : endOfCstDay(year, month, 0);
}

function cutoffBefore(cutoff: Date): Date {
  const { year, month, day } = cstParts(cutoff);
  return day > 15 ? endOfCstDay(year, month, 15) : endOfCstDay(year, month, 0);
}

const period = (start: Date, end: Date): ReportPeriod => ({
  start: start.toISOString(),
  end: end.toISOString(),
});

/**
 * The last period of a kind that ended before `at`:
 * - half-monthly: from one cut-off to the next (the 1st–15th, the 16th–last day);
 * - bureau-exchange: two calendar months, January–February, March–April and so on;
 * - scale-risk: the calendar year.
 */
export function lastReportPeriod(kind: ReportKind, at: Date): ReportPeriod {
  if (kind === 'half-monthly') {
    const end = lastCutoffBefore(at);
    return period(cutoffBefore(end), end);
  }
  const { year, month } = cstParts(at);
  if (kind === 'bureau-exchange') {
    // The last even month that has ended: before March, that is December of the year before.
    const endMonth = month % 2 === 0 ? month - 2 : month - 1;
    return period(endOfCstDay(year, endMonth - 1, 0), endOfCstDay(year, endMonth + 1, 0));
  }
  return period(endOfCstDay(year - 1, 1, 0), endOfCstDay(year, 1, 0));
}

/** Whether a period is one the kind's reports cover (as `lastReportPeriod` would give it). */
export function isReportPeriod(kind: ReportKind, candidate: ReportPeriod): boolean {
  const end = Date.parse(candidate.end);
  if (!Number.isFinite(end)) return false;
  const expected = lastReportPeriod(kind, new Date(end + 1));
  return expected.start === candidate.start && expected.end === candidate.end;
}

/** The calendar year a scale-risk period covers. */
export function yearOfPeriod(candidate: ReportPeriod): number {
  return cstParts(new Date(candidate.end)).year;
}
