import { Injectable } from '@nestjs/common';

import type { Actor, Assessment, AssessmentFigures, TownshipAssessment } from '@fanpin/contracts';
import { allDivisions } from '@fanpin/domain';
import { AssessmentRepository, type AssessmentRows, type ReadScope } from '@fanpin/persistence';

import { readScope } from '../console/read-scope';
import { periodOf, type PeriodQueryDto } from '../errors/period-query';

const zero = (): AssessmentFigures => ({
  householdsScreened: 0,
  screeningsAtRisk: 0,
  householdsFound: { total: 0, selfDeclaration: 0, cadreScreening: 0, bureauAlert: 0 },
  identified: { onTime: 0, late: 0 },
  overdueTasks: { village: 0, township: 0, city: 0, department: 0 },
  visits: { onTime: 0, late: 0 },
  measures: { onTime: 0, late: 0 },
});

/** The townships of a scope, by code: the city's thirteen, or the township itself. */
function townshipsOf(scope: ReadScope): string[] {
  return allDivisions()
    .filter((d) => d.level === 'township' && (scope === null || d.code.startsWith(scope.code)))
    .map((d) => d.code)
    .sort();
}

/** Each township's figures from the rows of the three counts, zeros where a count has no row. */
function byTownship(scope: ReadScope, rows: AssessmentRows): Map<string, AssessmentFigures> {
  const figures = new Map(townshipsOf(scope).map((code) => [code, zero()]));
  const of = (code: string): AssessmentFigures => {
    const known = figures.get(code);
    if (known) return known;
    const added = zero();
    figures.set(code, added);
    return added;
  };
  for (const r of rows.screenings) {
    Object.assign(of(r.township_code), {
      householdsScreened: r.households_screened,
      screeningsAtRisk: r.screenings_at_risk,
    });
  }
  for (const r of rows.found) {
    of(r.township_code).householdsFound = {
      total: r.total,
      selfDeclaration: r.self_declaration,
      cadreScreening: r.cadre_screening,
      bureauAlert: r.bureau_alert,
    };
  }
  for (const r of rows.tasks) {
    Object.assign(of(r.township_code), {
      identified: { onTime: r.identified_on_time, late: r.identified_late },
      overdueTasks: {
        village: r.overdue_village,
        township: r.overdue_township,
        city: r.overdue_city,
        department: r.overdue_department,
      },
      visits: { onTime: r.visits_on_time, late: r.visits_late },
      measures: { onTime: r.measures_on_time, late: r.measures_late },
    });
  }
  return figures;
}

/** The sum of figures, field by field (every field a count, or an object of counts). */
function sum(all: readonly AssessmentFigures[]): AssessmentFigures {
  const add = (a: Record<string, unknown>, b: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(b)) {
      if (typeof value === 'number') a[key] = (a[key] as number) + value;
      else add(a[key] as Record<string, unknown>, value as Record<string, unknown>);
    }
  };
  const total = zero();
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
