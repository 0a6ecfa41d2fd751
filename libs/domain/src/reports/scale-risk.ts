import type {
  ReportPeriod,
  ScaleRiskContent,
  ScaleRiskCount,
  ScaleRiskMonth,
  ScaleRiskTotals,
} from '@fanpin/contracts';

import { yearOfPeriod } from './periods';

/** One monitoring period of a household, as the yearly judgement needs it (times in ms). */
export interface ScaleRiskRun {
  townshipCode: string;
  householdClass: string | null;
  openedAt: number;
  /** When the city bureau included it; null when it never was. */
  includedAt: number | null;
  riskTypes: string[];
  /** Elimination marks and their rollbacks, in time order. */
  marks: { eliminated: boolean; at: number }[];
}

const CST_OFFSET_MS = 8 * 3_600_000;
const endOfCstMonth = (year: number, month: number): number =>
  Date.UTC(year, month, 1) - CST_OFFSET_MS - 1;

/** Included by `at`, and not standing eliminated then (a rollback puts it back under monitoring). */
export function monitoredAt(run: ScaleRiskRun, at: number): boolean {
  if (run.includedAt === null || run.includedAt > at) return false;
  let eliminated = false;
  for (const mark of run.marks) {
    if (mark.at > at) break;
    eliminated = mark.eliminated;
  }
  return !eliminated;
}

const within = (at: number | null, start: number, end: number): boolean =>
  at !== null && at > start && at <= end;

const eliminationsIn = (run: ScaleRiskRun, start: number, end: number): number =>
  run.marks.filter((m) => m.eliminated && within(m.at, start, end)).length;

interface Tally {
  monitored: number;
  included: number;
  eliminated: number;
  monitoredYearBefore: number;
}

const emptyTally = (): Tally => ({
  monitored: 0,
  included: 0,
  eliminated: 0,
  monitoredYearBefore: 0,
});

function tallyOf(run: ScaleRiskRun, start: number, end: number): Tally {
  return {
    monitored: monitoredAt(run, end) ? 1 : 0,
    included: within(run.includedAt, start, end) ? 1 : 0,
    eliminated: eliminationsIn(run, start, end),
    monitoredYearBefore: monitoredAt(run, start) ? 1 : 0,
  };
}

function add(into: Map<string, Tally>, key: string, tally: Tally): void {
  const sum = into.get(key) ?? emptyTally();
  sum.monitored += tally.monitored;
  sum.included += tally.included;
  sum.eliminated += tally.eliminated;
  sum.monitoredYearBefore += tally.monitoredYearBefore;
  into.set(key, sum);
}

const counted = (t: Tally): boolean =>
  t.monitored + t.included + t.eliminated + t.monitoredYearBefore > 0;

const totals = (map: Map<string, Tally>): ScaleRiskTotals[] =>
  [...map.entries()]
    .filter(([, t]) => counted(t))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, t]) => ({ key, ...t }));

/**
 * The yearly scale-risk judgement (规模性返贫风险研判, plan §6.2) over every monitoring period: how
 * many households are monitored at the end of the year and were at the end of the year before, how
 * many were included and marked eliminated during it, by township, class and risk type, and month by
 * month. A household without a class counts as `unclassified`, one without a risk type as
 * `UNSPECIFIED`.
 */
export function scaleRiskJudgement(
  runs: readonly ScaleRiskRun[],
  period: ReportPeriod,
): ScaleRiskContent {
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  const year = yearOfPeriod(period);
  const total = new Map<string, Tally>();
  const byTownship = new Map<string, Tally>();
  const byClass = new Map<string, Tally>();
  const byRiskType = new Map<string, Tally>();
  const cube = new Map<string, Tally>();
  for (const run of runs) {
    const tally = tallyOf(run, start, end);
    if (!counted(tally)) continue;
    const householdClass = run.householdClass ?? 'unclassified';
    const riskTypes = run.riskTypes.length > 0 ? [...new Set(run.riskTypes)] : ['UNSPECIFIED'];
    add(total, 'all', tally);
    add(byTownship, run.townshipCode, tally);
    add(byClass, householdClass, tally);
    for (const riskType of riskTypes) {
      add(byRiskType, riskType, tally);
      add(cube, [run.townshipCode, householdClass, riskType].join('\u0000'), tally);
    }
  }
  const counts: ScaleRiskCount[] = totals(cube).map(({ key, ...t }) => {
    const [townshipCode = '', householdClass = '', riskType = ''] = key.split('\u0000');
    return { townshipCode, householdClass, riskType, ...t };
  });
  return {
    year,
    total: totals(total)[0] ?? { key: 'all', ...emptyTally() },
    byTownship: totals(byTownship),
    byClass: totals(byClass),
    byRiskType: totals(byRiskType),
    counts,
    months: monthsOf(runs, year),
  };
}

function monthsOf(runs: readonly ScaleRiskRun[], year: number): ScaleRiskMonth[] {
  const months: ScaleRiskMonth[] = [];
  for (let month = 1; month <= 12; month++) {
    const start = endOfCstMonth(year, month - 1);
    const end = endOfCstMonth(year, month);
    let opened = 0;
    let included = 0;
    let eliminated = 0;
    let monitoredAtEnd = 0;
    for (const run of runs) {
      if (within(run.openedAt, start, end)) opened += 1;
      if (within(run.includedAt, start, end)) included += 1;
      eliminated += eliminationsIn(run, start, end);
      if (monitoredAt(run, end)) monitoredAtEnd += 1;
    }
    months.push({
      month: `${year}-${String(month).padStart(2, '0')}`,
      opened,
      included,
      eliminated,
      monitoredAtEnd,
    });
  }
  return months;
}
