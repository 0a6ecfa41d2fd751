import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { HouseholdClasses, type CaseStage, type DashboardView } from '@fanpin/contracts';

import { API_CONFIG, type ApiConfig } from '../settings';

/** The level a task's role works at, for the overdue figures. */
const levelOfRole = `CASE role
  WHEN 'village-cadre' THEN 'village' WHEN 'village-committee' THEN 'village'
  WHEN 'township-officer' THEN 'township' WHEN 'lead-department' THEN 'department'
  ELSE 'city' END`;

/** Open tasks past due (tasks_open_due_idx: the range before now). */
const overdueTasks = `SELECT run_id, case_id, role, due_at FROM tasks
  WHERE status = 'open' AND coalesce(due_at, 'infinity'::timestamptz) < now()`;

/**
 * The supervisors' figures over the city, from PostgreSQL: open cases by township and stage and how
 * many of them are overdue, overdue tasks by level, monitored households by class and risk type,
 * and the overdue cases themselves with their workflow and run ids (for the Temporal Web UI).
 */
@Injectable()
export class DashboardService {
  private readonly temporalUi: DashboardView['temporalUi'];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.temporalUi = {
      url: config.TEMPORAL_UI_URL.replace(/\/+$/, ''),
      namespace: config.TEMPORAL_NAMESPACE,
    };
  }

  async figures(): Promise<DashboardView> {
    const q = <T>(sql: string) => this.dataSource.query<T[]>(sql);
    const [byStage, byLevel, byClass, byRisk, overdue] = await Promise.all([
      q<{ township_code: string; stage: CaseStage | null; open: number; overdue: number }>(`
        SELECT c.township_code, c.stage, count(*)::int AS open,
               count(*) FILTER (WHERE EXISTS (
                 SELECT 1 FROM tasks t WHERE t.run_id = c.run_id AND t.status = 'open'
                   AND t.due_at < now()))::int AS overdue
        FROM cases c WHERE c.status IN ('open', 'included')
        GROUP BY c.township_code, c.stage ORDER BY c.township_code, c.stage`),
      q<{ level: 'village' | 'township' | 'city' | 'department'; count: number }>(`
        SELECT ${levelOfRole} AS level, count(*)::int AS count FROM (${overdueTasks}) t
        GROUP BY 1 ORDER BY 1`),
      q<{ household_class: string; count: number }>(`
        SELECT household_class, count(*)::int AS count FROM cases
        WHERE status = 'included' AND household_class IS NOT NULL
        GROUP BY 1 ORDER BY 1`),
      q<{ risk_type: string; count: number }>(`
        SELECT r AS risk_type, count(*)::int AS count FROM cases, unnest(risk_types) AS r
        WHERE status = 'included' GROUP BY 1 ORDER BY 1`),
      q<{
        case_id: string;
        run_id: string;
        township_code: string;
        stage: CaseStage | null;
        oldest: Date;
      }>(`
        SELECT t.case_id, t.run_id, c.township_code, c.stage, min(t.due_at) AS oldest
        FROM (${overdueTasks}) t JOIN cases c ON c.run_id = t.run_id
        GROUP BY t.case_id, t.run_id, c.township_code, c.stage
        ORDER BY oldest, t.case_id LIMIT 200`),
    ]);
    return {
      at: new Date().toISOString(),
      temporalUi: this.temporalUi,
      casesByTownshipStage: byStage.map((r) => ({
        townshipCode: r.township_code,
        stage: r.stage,
        open: r.open,
        overdue: r.overdue,
      })),
      overdueTasksByLevel: byLevel,
      casesByHouseholdClass: byClass.flatMap((r) => {
        const householdClass = HouseholdClasses.find((c) => c === r.household_class);
        return householdClass ? [{ householdClass, count: r.count }] : [];
      }),
      casesByRiskType: byRisk.map((r) => ({ riskType: r.risk_type, count: r.count })),
      overdueCases: overdue.map((r) => ({
        caseId: r.case_id,
        workflowId: r.case_id,
        runId: r.run_id,
        townshipCode: r.township_code,
        stage: r.stage,
        oldestDueAt: r.oldest.toISOString(),
      })),
    };
  }
}
