import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { CaseMeasure, MeasureListEntry } from '@fanpin/contracts';

import { scopeCondition, type ReadScope } from './division-scope';

/** A plan the city adopted for a case run, with its measures and each one's due instant. */
export interface NewPlan {
  runId: string;
  caseId: string;
  householdClass: string;
  planNo: number;
  announcedOn: string;
  decidedBy: string;
  measures: {
    measureId: string;
    kind: string;
    measureCode: string;
    leadDepartment: string;
    responsibleDepartments: string[];
    dueOn: string;
    dueAt: string;
    /** What the measure gives, as the plan states it (codes and yuan). */
    facts?: Record<string, unknown> | undefined;
  }[];
}

/** A report of a measure's progress: its history step and the measure's new state. */
export interface MeasureProgress {
  runId: string;
  caseId: string;
  stepId: string;
  actor: string;
  measureId: string;
  detail: Record<string, unknown>;
  status: string;
  percent: number;
}

/** A measure of a case run, as its case file lists it. */
export interface RunMeasureRow {
  measure_id: string;
  kind: string;
  measure_code: string;
  lead_department: string;
  responsible_departments: string[];
  due_on: string;
  due_at: Date;
  status: CaseMeasure['status'];
  percent: number;
  facts: Record<string, unknown> | null;
}

/** A measure in the measures list, with its case's divisions and household head (sealed). */
export interface MeasureListRow {
  run_id: string;
  case_id: string;
  measure_id: string;
  kind: string;
  measure_code: string;
  lead_department: string;
  due_on: string;
  due_at: Date;
  due_key: string;
  status: MeasureListEntry['status'];
  percent: number;
  facts: Record<string, unknown> | null;
  village_code: string;
  township_code: string;
  head_name_sealed: string;
  head_resident_id_sealed: string;
}

/** The filters and the keyset page of the measures list. */
export interface MeasureListFilter {
  /** Measures this department leads; every department's when null. */
  department: string | null;
  scope: ReadScope;
  status: string;
  overdue: boolean;
  townshipCode: string | null;
  /** The last measure of the page before: its due instant (µs text), run and measure ids. */
  after: readonly (string | number)[] | null;
  limit: number;
}

/**
 * Measures in due order (`assistance_measures_department_idx`, or `_due_idx` for every
 * department). $1 department, $2 status, $3 overdue, $4 scope code, $5 township, $6–$8 cursor, $9 limit.
 */
const measuresSql = (scope: string) => `
  SELECT m.run_id, m.case_id, m.measure_id, m.kind, m.measure_code, m.lead_department,
         to_char(m.due_on, 'YYYY-MM-DD') AS due_on, m.due_at,
         to_char(m.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS due_key,
         m.status, m.percent, m.facts, c.village_code, c.township_code,
         h.head_name_sealed, h.head_resident_id_sealed
  FROM assistance_measures m
  JOIN cases c ON c.run_id = m.run_id
  JOIN households h ON h.household_key = c.household_key
  WHERE ($1::text IS NULL OR m.lead_department = $1) AND m.status = $2
    AND ($3::boolean IS NOT TRUE OR m.due_at < now()) AND ${scope}
    AND ($5::text IS NULL OR c.township_code = $5)
    AND ($6::timestamptz IS NULL OR (m.due_at, m.run_id, m.measure_id) > ($6::timestamptz, $7::uuid, $8::text))
  ORDER BY m.due_at, m.run_id, m.measure_id
  LIMIT $9`;

/** Assistance (帮扶): the plans of included households and their measures. */
@Injectable()
export class AssistanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the plan and its measures in one transaction; the plan's id. A retried call finds the
   * plan and its measures and changes nothing.
   */
  adoptPlan(plan: NewPlan): Promise<string> {
    return this.dataSource.transaction(async (db) => {
      const rows = await db.query<{ plan_id: string }[]>(
        `WITH inserted AS (
           INSERT INTO assistance_plans
             (run_id, case_id, household_class, status, plan_no, announced_on, decided_by)
           VALUES ($1, $2, $3, 'adopted', $4, $5, $6)
           ON CONFLICT (run_id, plan_no) DO NOTHING
           RETURNING plan_id)
         SELECT plan_id FROM inserted
         UNION ALL SELECT plan_id FROM assistance_plans WHERE run_id = $1 AND plan_no = $4`,
        [
          plan.runId,
          plan.caseId,
          plan.householdClass,
          plan.planNo,
          plan.announcedOn,
          plan.decidedBy,
        ],
      );
      const id = rows[0]?.plan_id;
      if (!id) throw new Error('assistance plan was neither created nor found');
      await db.query(
        `INSERT INTO assistance_measures
           (run_id, measure_id, plan_id, case_id, kind, measure_code, lead_department,
            responsible_departments, due_on, due_at, facts)
         SELECT $1, m.measure_id, $2, $3, m.kind, m.measure_code, m.lead_department,
                m.responsible_departments, m.due_on::date, m.due_at::timestamptz, m.facts
         FROM jsonb_to_recordset($4::jsonb) AS m(measure_id text, kind text, measure_code text,
              lead_department text, responsible_departments text[], due_on text, due_at text,
              facts jsonb)
         ON CONFLICT (run_id, measure_id) DO NOTHING`,
        [
          plan.runId,
          id,
          plan.caseId,
          JSON.stringify(
            plan.measures.map((m) => ({
              measure_id: m.measureId,
              kind: m.kind,
              measure_code: m.measureCode,
              lead_department: m.leadDepartment,
              responsible_departments: m.responsibleDepartments,
              due_on: m.dueOn,
              due_at: m.dueAt,
              facts: m.facts ?? null,
            })),
          ),
        ],
      );
      return id;
    });
  }

  /**
   * Appends the report to the case history and updates the measure, in one transaction, once per
   * step id; progress never goes back and a closed measure stays closed. Facts a report states
   * replace the measure's; a done measure keeps when it was done.
   */
  async recordProgress(p: MeasureProgress): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const appended = await db.query<unknown[]>(
        `INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail)
         VALUES ($1, $2, 'assistance-measure', $3, $4, $5)
         ON CONFLICT (run_id, step_id) DO NOTHING RETURNING id`,
        [p.runId, p.caseId, p.stepId, p.actor, p.detail],
      );
      if (appended.length === 0) return;
      await db.query(
        `UPDATE assistance_measures
            SET status = $3, percent = greatest(percent, $4), updated_at = now(),
                facts = coalesce($5::jsonb, facts),
                done_at = CASE WHEN $3 = 'done' THEN now() ELSE done_at END
          WHERE run_id = $1 AND measure_id = $2 AND status = 'open'`,
        [
          p.runId,
          p.measureId,
          p.status,
          p.percent,
          p.detail.facts === undefined ? null : JSON.stringify(p.detail.facts),
        ],
      );
    });
  }

  /** The measures of one case run, soonest due first. */
  ofRun(runId: string): Promise<RunMeasureRow[]> {
    return this.dataSource.query<RunMeasureRow[]>(
      `SELECT measure_id, kind, measure_code, lead_department, responsible_departments,
              to_char(due_on, 'YYYY-MM-DD') AS due_on, due_at, status, percent, facts
       FROM assistance_measures WHERE run_id = $1 ORDER BY due_at, measure_id`,
      [runId],
    );
  }

  /** A page of measures in due order. */
  list(f: MeasureListFilter): Promise<MeasureListRow[]> {
    return this.dataSource.query<MeasureListRow[]>(measuresSql(scopeCondition(f.scope, 'c', 4)), [
      f.department,
      f.status,
      f.overdue,
      f.scope?.code ?? null,
      f.townshipCode,
      f.after?.[0] ?? null,
      f.after?.[1] ?? null,
      f.after?.[2] ?? null,
      f.limit,
    ]);
  }
}
