import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type {
  AdoptPlanCommand,
  AdoptedMeasure,
  AssistanceActivities,
  MeasureProgressCommand,
} from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

/** The end of a day (YYYY-MM-DD) in Asia/Shanghai, which keeps no summer time: UTC+8 all year. */
export function endOfShanghaiDay(day: string): string {
  return new Date(`${day}T23:59:59.999+08:00`).toISOString();
}

/** Assistance (帮扶): the plan of measures for an included household, and each measure's progress. */
@Injectable()
export class AssistanceActivitiesService implements ActivityProvider {
  constructor(private readonly dataSource: DataSource) {}

  activities(): AssistanceActivities {
    return {
      adoptPlan: (command) => this.adoptPlan(command),
      recordMeasureProgress: (command) => this.recordMeasureProgress(command),
    };
  }

  /**
   * Records the city's plan and its measures in one transaction, with each measure's due instant.
   * A retried call finds the plan and its measures and changes nothing.
   */
  async adoptPlan(c: AdoptPlanCommand): Promise<{ planId: string; measures: AdoptedMeasure[] }> {
    const measures = c.measures.map((m) => ({ ...m, dueAt: endOfShanghaiDay(m.dueOn) }));
    const planId = await this.dataSource.transaction(async (db) => {
      const rows = await db.query<{ plan_id: string }[]>(
        `WITH inserted AS (
           INSERT INTO assistance_plans
             (run_id, case_id, household_class, status, plan_no, announced_on, decided_by)
           VALUES ($1, $2, $3, 'adopted', $4, $5, $6)
           ON CONFLICT (run_id, plan_no) DO NOTHING
           RETURNING plan_id)
         SELECT plan_id FROM inserted
         UNION ALL SELECT plan_id FROM assistance_plans WHERE run_id = $1 AND plan_no = $4`,
        [c.runId, c.caseId, c.householdClass, c.planNo, c.announcedOn, c.decidedBy],
      );
      const id = rows[0]?.plan_id;
      if (!id) throw new Error('assistance plan was neither created nor found');
      await db.query(
        `INSERT INTO assistance_measures
           (run_id, measure_id, plan_id, case_id, kind, measure_code, lead_department,
            responsible_departments, due_on, due_at)
         SELECT $1, m.measure_id, $2, $3, m.kind, m.measure_code, m.lead_department,
                m.responsible_departments, m.due_on::date, m.due_at::timestamptz
         FROM jsonb_to_recordset($4::jsonb) AS m(measure_id text, kind text, measure_code text,
              lead_department text, responsible_departments text[], due_on text, due_at text)
         ON CONFLICT (run_id, measure_id) DO NOTHING`,
        [
          c.runId,
          id,
          c.caseId,
          JSON.stringify(
            measures.map((m) => ({
              measure_id: m.measureId,
              kind: m.kind,
              measure_code: m.measureCode,
              lead_department: m.leadDepartment,
              responsible_departments: m.responsibleDepartments,
              due_on: m.dueOn,
              due_at: m.dueAt,
            })),
          ),
        ],
      );
      return id;
    });
    return { planId, measures: measures.map((m) => ({ measureId: m.measureId, dueAt: m.dueAt })) };
  }

  /**
   * Appends the report to the case history and updates the measure, once per step id; progress never
   * goes back and a closed measure stays closed, whatever order retried calls arrive in.
   */
  async recordMeasureProgress(c: MeasureProgressCommand): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const appended = await db.query<unknown[]>(
        `INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail)
         VALUES ($1, $2, 'assistance-measure', $3, $4, $5)
         ON CONFLICT (run_id, step_id) DO NOTHING RETURNING id`,
        [c.runId, c.caseId, c.stepId, c.actor, { measureId: c.measureId, ...c.detail }],
      );
      if (appended.length === 0) return;
      await db.query(
        `UPDATE assistance_measures
            SET status = $3, percent = greatest(percent, $4), updated_at = now()
          WHERE run_id = $1 AND measure_id = $2 AND status = 'open'`,
        [c.runId, c.measureId, c.status === 'in-progress' ? 'open' : c.status, c.percent],
      );
    });
  }
}
