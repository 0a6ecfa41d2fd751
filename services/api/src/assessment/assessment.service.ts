import { Injectable } from '@nestjs/common';

import type { Actor, Assessment, AssessmentFigures, TownshipAssessment } from '@fanpin/contracts';
import { allDivisions } from '@fanpin/domain';
import { AssessmentRepository, type AssessmentRows, type ReadScope } from '@fanpin/persistence';

import { readScope } from '../console/read-scope';
import { periodOf, type PeriodQueryDto } from '../errors/period-query';

/** A count's row of a township, without its code. */
type Counts<K extends keyof AssessmentRows> = Omit<AssessmentRows[K][number], 'township_code'>;

/** The rows of a township where a count has none: nothing happened there. */
const NO_SCREENINGS: Counts<'screenings'> = { households_screened: 0, screenings_at_risk: 0 };
const NONE_FOUND: Counts<'found'> = {
  total: 0,
  self_declaration: 0,
  cadre_screening: 0,
  bureau_alert: 0,
};
const NO_TASKS: Counts<'tasks'> = {
  identified_on_time: 0,
  identified_late: 0,
  visits_on_time: 0,
  visits_late: 0,
  measures_on_time: 0,
  measures_late: 0,
  overdue_village: 0,
  overdue_township: 0,
  overdue_city: 0,
  overdue_department: 0,
};

/** A township's figures from its row of each count. */
function figuresOf(s = NO_SCREENINGS, f = NONE_FOUND, t = NO_TASKS): AssessmentFigures {
  return {
    householdsScreened: s.households_screened,
    screeningsAtRisk: s.screenings_at_risk,
    householdsFound: {
      total: f.total,
      selfDeclaration: f.self_declaration,
      cadreScreening: f.cadre_screening,
      bureauAlert: f.bureau_alert,
    },
    identified: { onTime: t.identified_on_time, late: t.identified_late },
    overdueTasks: {
      village: t.overdue_village,
      township: t.overdue_township,
      city: t.overdue_city,
      department: t.overdue_department,
    },
    visits: { onTime: t.visits_on_time, late: t.visits_late },
    measures: { onTime: t.measures_on_time, late: t.measures_late },
  };
}

/** The townships of a scope, by code: the city's thirteen, or the township itself. */
function townshipsOf(scope: ReadScope): string[] {
  return allDivisions()
    .filter((d) => d.level === 'township' && (scope === null || d.code.startsWith(scope.code)))
    .map((d) => d.code)
    .sort();
}

const byCode = <R extends { township_code: string }>(rows: R[]): Map<string, R> =>
  new Map(rows.map((r) => [r.township_code, r]));

/** Each township's figures: every township of the scope, and any other a row names. */
function byTownship(scope: ReadScope, rows: AssessmentRows): Map<string, AssessmentFigures> {
  const screenings = byCode(rows.screenings);
  const found = byCode(rows.found);
  const tasks = byCode(rows.tasks);
  const codes = new Set([
    ...townshipsOf(scope),
    ...screenings.keys(),
    ...found.keys(),
    ...tasks.keys(),
  ]);
  return new Map(
    [...codes].map((code) => [
      code,
      figuresOf(screenings.get(code), found.get(code), tasks.get(code)),
    ]),
  );
}

/** The sum of figures, field by field (every field a count, or an object of counts). */
function sum(all: readonly AssessmentFigures[]): AssessmentFigures {
  const add = (a: Record<string, unknown>, b: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(b)) {
      if (typeof value === 'number') a[key] = (a[key] as number) + value;
      else add(a[key] as Record<string, unknown>, value as Record<string, unknown>);
    }
  };
  const total = figuresOf();
  for (const figures of all) add(total, figures);
  return total;
}

/**
 * The supervisors' assessment of each township (督导考核, plan §6.4) in a period: every township of
 * the caller's jurisdiction, and their sum.
 */
@Injectable()
export class AssessmentService {
  constructor(private readonly assessment: AssessmentRepository) {}

  async figures(actor: Actor, q: PeriodQueryDto): Promise<Assessment> {
    const { from, until } = periodOf(q);
    const scope = readScope(actor);
    const at = new Date().toISOString();
    const figures = byTownship(scope, await this.assessment.figures(scope, from, until));
    const townships: TownshipAssessment[] = [...figures.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([townshipCode, f]) => ({ townshipCode, ...f }));
    return { from: q.from, to: q.to, at, townships, total: sum([...figures.values()]) };
  }
}
