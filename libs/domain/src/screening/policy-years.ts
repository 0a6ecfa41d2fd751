import { toFen } from './finding';
import { percentOf } from './compare';
import { DefaultScreeningPolicy, type ScreeningPolicy } from './policy';

/**
 * A year's income line and thresholds as the city bureau published them (年度监测标准): revision
 * `revision` of year `year`, named `<year>-r<revision>`. `validFrom`–`validUntil` (dates, both
 * included) is when the line is the one in force: figures whose year nobody stated are taken to
 * be for the year whose line was in force on their date.
 */
export interface PolicyYear extends ScreeningPolicy {
  year: number;
  revision: number;
  validFrom: string;
  validUntil: string;
}

/** What a case keeps of a year's policy: enough to judge a visit's income. */
export type YearLine = Pick<
  PolicyYear,
  'version' | 'year' | 'incomeLine' | 'validFrom' | 'validUntil'
>;

export const policyYearVersion = (year: number, revision: number): string => `${year}-r${revision}`;

/** The lines a case keeps of `years` (a published set): one per year, the latest revision. */
export function yearLines(years: readonly PolicyYear[]): YearLine[] {
  return latestPerYear(years).map(({ version, year, incomeLine, validFrom, validUntil }) => ({
    version,
    year,
    incomeLine,
    validFrom,
    validUntil,
  }));
}

/** The latest revision of each year, by year ascending. */
export function latestPerYear<T extends { year: number; revision?: number }>(
  years: readonly T[],
): T[] {
  const byYear = new Map<number, T>();
  for (const y of years) {
    const known = byYear.get(y.year);
    if (!known || (y.revision ?? 0) > (known.revision ?? 0)) byYear.set(y.year, y);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/**
 * The year figures are for: the one the form states, else the year whose line was in force on
 * `date` (YYYY-MM-DD), else `date`'s calendar year.
 */
export function figuresYearOf(
  stated: number | undefined,
  date: string,
  years: readonly Pick<YearLine, 'year' | 'validFrom' | 'validUntil'>[],
): number {
  if (stated !== undefined) return stated;
  const inForce = years.filter((y) => y.validFrom <= date && date <= y.validUntil);
  const latest = inForce.sort((a, b) => b.year - a.year)[0];
  return latest?.year ?? Number(date.slice(0, 4));
}

/**
 * The line figures of `year` are judged against: that year's, else the latest year before it
 * (a year not yet published keeps the last line), else `fallback` (the line the case was
 * started with, or the plan's 2021 line).
 */
export function lineOfYear<T extends Pick<YearLine, 'year'>, F>(
  years: readonly T[],
  year: number,
  fallback: F,
): T | F {
  const before = latestPerYear(years as readonly (T & { revision?: number })[]).filter(
    (y) => y.year <= year,
  );
  return before[before.length - 1] ?? fallback;
}

/** The screening policy figures of `year` are judged against, among published `years`. */
export function screeningPolicyOfYear(
  years: readonly PolicyYear[],
  year: number,
): Readonly<ScreeningPolicy> {
  return lineOfYear(years, year, DefaultScreeningPolicy);
}

/** The published year whose validity overlaps `candidate`'s (another year's), or null. */
export function overlappingYear(
  candidate: Pick<PolicyYear, 'year' | 'validFrom' | 'validUntil'>,
  published: readonly Pick<PolicyYear, 'year' | 'validFrom' | 'validUntil'>[],
): number | null {
  const clash = latestPerYear(published).find(
    (y) =>
      y.year !== candidate.year &&
      y.validFrom <= candidate.validUntil &&
      candidate.validFrom <= y.validUntil,
  );
  return clash?.year ?? null;
}

/**
 * Income per person (in fen) below which a household falls within a draft line: the line itself,
 * or the top of the marginal band when the draft has income in the band nominate.
 */
export function withinLineFen(
  draft: Pick<ScreeningPolicy, 'incomeLine' | 'marginalBandPercent' | 'marginalBandNominates'>,
): number {
  const line = toFen(draft.incomeLine);
  return draft.marginalBandNominates ? percentOf(line, draft.marginalBandPercent, 'ceil') : line;
}
