import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { levelOfRole } from './dashboard.repository';
import { scopeCondition, type ReadScope } from './division-scope';

/** A township's cadre screenings in a period. */
export interface ScreeningFiguresRow {
  township_code: string;
  households_screened: number;
  screenings_at_risk: number;
}

/** A township's case runs opened in a period, by the way in that opened them. */
export interface FoundFiguresRow {
  township_code: string;
  total: number;
  self_declaration: number;
  cadre_screening: number;
  bureau_alert: number;
}

/** A township's tasks of a period: decisions, visits and measures on time or late, overdue tasks. */
export interface TaskFiguresRow {
  township_code: string;
  identified_on_time: number;
  identified_late: number;
  visits_on_time: number;
  visits_late: number;
  measures_on_time: number;
  measures_late: number;
  overdue_village: number;
  overdue_township: number;
  overdue_city: number;
  overdue_department: number;
}

export interface AssessmentRows {
  screenings: ScreeningFiguresRow[];
  found: FoundFiguresRow[];
  tasks: TaskFiguresRow[];
}

/**
 * $1 scope code, $2 the period's first instant, $3 its last. A closed task's `updated_at` is when
 * it was closed: the inbox never writes a closed row again. The period's end, for what is still
 * open, is its last instant or now, whichever comes first.
 */
const end = `least($3::timestamptz, now())`;
const doneInPeriod = `(t.status = 'done' AND t.updated_at BETWEEN $2 AND $3)`;
const late = `(t.due_at IS NOT NULL AND t.updated_at > t.due_at)`;
const openAtEnd = `(t.due_at < ${end} AND (t.status = 'open' OR t.updated_at > ${end}))`;
const overdue = `((${doneInPeriod} AND ${late}) OR ${openAtEnd})`;
const done = (kind: string, onTime: boolean) =>
  `count(*) FILTER (WHERE t.kind = '${kind}' AND ${doneInPeriod} AND ${onTime ? 'NOT ' : ''}${late})::int`;
const overdueAt = (level: string) =>
  `count(*) FILTER (WHERE ${overdue} AND ${levelOfRole('t.role')} = '${level}')::int`;

/** Tasks closed since the period began, and open tasks due before its end: nothing else counts. */
const tasksSql = (scope: string) => `
  SELECT t.township_code,
         ${done('city-determination', true)} AS identified_on_time,
         ${done('city-determination', false)} AS identified_late,
         ${done('follow-up-visit', true)} AS visits_on_time,
         ${done('follow-up-visit', false)} AS visits_late,
         ${done('assistance-measure', true)} AS measures_on_time,
         ${done('assistance-measure', false)} AS measures_late,
         ${overdueAt('village')} AS overdue_village,
         ${overdueAt('township')} AS overdue_township,
         ${overdueAt('city')} AS overdue_city,
         ${overdueAt('department')} AS overdue_department
  FROM (
    SELECT * FROM tasks WHERE status <> 'open' AND updated_at >= $2
    UNION ALL
    SELECT * FROM tasks WHERE status = 'open' AND coalesce(due_at, 'infinity'::timestamptz) < ${end}
  ) t
  WHERE ${scope}
  GROUP BY t.township_code`;

const foundSql = (scope: string) => `
  SELECT c.township_code, count(*)::int AS total,
         count(*) FILTER (WHERE c.channel = 'self-declaration')::int AS self_declaration,
         count(*) FILTER (WHERE c.channel = 'cadre-screening')::int AS cadre_screening,
         count(*) FILTER (WHERE c.channel = 'bureau-alert')::int AS bureau_alert
  FROM cases c
  WHERE ${scope} AND c.opened_at BETWEEN $2 AND $3
  GROUP BY c.township_code`;

const screeningsSql = (scope: string) => `
  SELECT s.township_code, count(DISTINCT s.household_key)::int AS households_screened,
         count(*) FILTER (WHERE s.decision = 'report')::int AS screenings_at_risk
  FROM screenings s
  WHERE ${scope} AND s.recorded_at BETWEEN $2 AND $3
  GROUP BY s.township_code`;

/**
 * The supervisors' assessment (督导考核, plan §6.4): per township of a scope, its screenings, the
 * households found, and how its tasks kept their deadlines in a period. Read from the screenings,
 * the case runs and the task inbox (`tasks_closed_idx`, `tasks_open_due_idx`, `cases_opened_idx`,
 * `screenings_township_idx`).
 */
@Injectable()
export class AssessmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The figures of every township of `scope` with anything in the period from `from` to `until`. */
  async figures(scope: ReadScope, from: Date, until: Date): Promise<AssessmentRows> {
    const params = [scope?.code ?? null, from, until];
    const [screenings, found, tasks] = await Promise.all([
      this.dataSource.query<ScreeningFiguresRow[]>(
        screeningsSql(scopeCondition(scope, 's', 1)),
        params,
      ),
      this.dataSource.query<FoundFiguresRow[]>(foundSql(scopeCondition(scope, 'c', 1)), params),
      this.dataSource.query<TaskFiguresRow[]>(tasksSql(scopeCondition(scope, 't', 1)), params),
    ]);
    return { screenings, found, tasks };
  }
}
