import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { CaseStage } from '@fanpin/contracts';

/** The supervisors' figures over the city, as read. */
export interface DashboardRows {
  byStage: { township_code: string; stage: CaseStage | null; open: number; overdue: number }[];
  byLevel: { level: 'village' | 'township' | 'city' | 'department'; count: number }[];
  byClass: { household_class: string; count: number }[];
  byRisk: { risk_type: string; count: number }[];
  overdue: {
    case_id: string;
    run_id: string;
    township_code: string;
    stage: CaseStage | null;
    oldest: Date;
  }[];
}

/** The level a task's role (the column `role`) works at, for the overdue figures. */
export const levelOfRole = (role = 'role') => `CASE ${role}
  WHEN 'village-cadre' THEN 'village' WHEN 'village-committee' THEN 'village'
  WHEN 'township-officer' THEN 'township' WHEN 'lead-department' THEN 'department'
  ELSE 'city' END`;

/** Open tasks past due (tasks_open_due_idx: the range before now). */
const overdueTasks = `SELECT run_id, case_id, role, due_at FROM tasks
  WHERE status = 'open' AND coalesce(due_at, 'infinity'::timestamptz) < now()`;

/** Cases with an overdue task, by the case's township and the level the task is at. */
export interface OverdueCasesRow {
  township_code: string;
  level: DashboardRows['byLevel'][number]['level'];
  cases: number;
}

/** The supervisors' dashboard: figures over the cases and the task inbox of the whole city. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Open cases by township and stage and how many of them are overdue, overdue tasks by level,
   * monitored households by class and risk type, and the oldest overdue cases (200 at most).
   */
  async figures(): Promise<DashboardRows> {
    const q = <T>(sql: string) => this.dataSource.query<T[]>(sql);
    const [byStage, byLevel, byClass, byRisk, overdue] = await Promise.all([
      q<DashboardRows['byStage'][number]>(`
        SELECT c.township_code, c.stage, count(*)::int AS open,
               count(*) FILTER (WHERE EXISTS (
                 SELECT 1 FROM tasks t WHERE t.run_id = c.run_id AND t.status = 'open'
                   AND t.due_at < now()))::int AS overdue
        FROM cases c WHERE c.status IN ('open', 'included')
        GROUP BY c.township_code, c.stage ORDER BY c.township_code, c.stage`),
      q<DashboardRows['byLevel'][number]>(`
        SELECT ${levelOfRole()} AS level, count(*)::int AS count FROM (${overdueTasks}) t
        GROUP BY 1 ORDER BY 1`),
      q<DashboardRows['byClass'][number]>(`
        SELECT household_class, count(*)::int AS count FROM cases
        WHERE status = 'included' AND household_class IS NOT NULL
        GROUP BY 1 ORDER BY 1`),
      q<DashboardRows['byRisk'][number]>(`
        SELECT r AS risk_type, count(*)::int AS count FROM cases, unnest(risk_types) AS r
        WHERE status = 'included' GROUP BY 1 ORDER BY 1`),
      q<DashboardRows['overdue'][number]>(`
        SELECT t.case_id, t.run_id, c.township_code, c.stage, min(t.due_at) AS oldest
        FROM (${overdueTasks}) t JOIN cases c ON c.run_id = t.run_id
        GROUP BY t.case_id, t.run_id, c.township_code, c.stage
        ORDER BY oldest, t.case_id LIMIT 200`),
    ]);
    return { byStage, byLevel, byClass, byRisk, overdue };
  }

  /** How many cases have an overdue task at each level, by township (the metrics' gauge). */
  overdueCasesByTownshipAndLevel(): Promise<OverdueCasesRow[]> {
    return this.dataSource.query<OverdueCasesRow[]>(`
      SELECT c.township_code, ${levelOfRole('t.role')} AS level,
             count(DISTINCT c.case_id)::int AS cases
      FROM (${overdueTasks}) t JOIN cases c ON c.run_id = t.run_id
      GROUP BY 1, 2 ORDER BY 1, 2`);
  }
}
