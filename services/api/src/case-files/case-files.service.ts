import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';

import {
  Departments,
  EntryChannels,
  HouseholdClasses,
  MeasureKinds,
  Roles,
  TaskKinds,
  type Actor,
  type CaseFileView,
  type CaseHistoryPage,
  type CaseMeasure,
  type CaseStage,
} from '@fanpin/contracts';
import { findDivision } from '@fanpin/domain';
import { PiiCipher, PiiFields, openDetail } from '@fanpin/persistence';

import { Jurisdiction, caseNotFound } from '../auth/jurisdiction';
import { headDisplay } from '../households/household-display';
import { decodeCursor, encodeCursor } from './history-cursor';
import { historyEntry, historySql, type HistoryRow } from './case-history';

interface CaseRow {
  run_id: string;
  village_code: string;
  township_code: string;
  channel: string;
  status: CaseFileView['status'];
  stage: CaseStage | null;
  stage_since: Date | null;
  household_class: string | null;
  risk_types: string[];
  opened_at: Date;
  decided_at: Date | null;
}

interface TaskRow {
  task_id: string;
  kind: string;
  role: string;
  due_at: Date | null;
  escalated_to: string | null;
}

interface MeasureRow {
  measure_id: string;
  kind: string;
  measure_code: string;
  lead_department: string;
  responsible_departments: string[];
  due_on: string;
  due_at: Date;
  status: CaseMeasure['status'];
  percent: number;
}

/** The steps the city bureau weighs before it determines (plan §4.3): each as its form was. */
const EVIDENCE_KINDS = [
  'village-verification',
  'democratic-appraisal',
  'objection',
  'objection-review',
  'public-notice',
  'township-verification',
];

const role = (r: string | null) => Roles.find((x) => x === r) ?? null;
const one = <T extends string>(list: readonly T[], v: string): T => list.find((x) => x === v) as T;

/** A case file as the staff console shows it: the header, and the history page by page. */
@Injectable()
export class CaseFilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jurisdiction: Jurisdiction,
    private readonly cipher: PiiCipher,
  ) {}

  async history(
    actor: Actor,
    caseId: string,
    q: { after?: string; limit?: number },
    request: Request,
  ): Promise<CaseHistoryPage> {
    const household = await this.jurisdiction.caseHousehold(actor, caseId, request);
    const limit = q.limit ?? 100;
    const cursor = q.after === undefined ? null : decodeCursor(q.after, ['instant', 'int', 'int']);
    const rows = await this.dataSource.query<HistoryRow[]>(historySql, [
      household.household_key,
      caseId,
      cursor?.[0] ?? null,
      cursor?.[1] ?? null,
      cursor?.[2] ?? null,
      limit + 1,
    ]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      caseId,
      entries: page.map(historyEntry),
      next:
        rows.length > limit && last ? encodeCursor([last.at_key, last.src, Number(last.id)]) : null,
    };
  }

  async file(actor: Actor, caseId: string, request: Request): Promise<CaseFileView> {
    const household = await this.jurisdiction.caseHousehold(actor, caseId, request);
    const [c] = await this.dataSource.query<CaseRow[]>(
      `SELECT run_id, village_code, township_code, channel, status, stage, stage_since,
              household_class, risk_types, opened_at, decided_at
       FROM cases WHERE case_id = $1 ORDER BY opened_at DESC LIMIT 1`,
      [caseId],
    );
    if (!c) throw caseNotFound();
    const now = new Date();
    const [tasks, measures] = await Promise.all([
      this.dataSource.query<TaskRow[]>(
        `SELECT task_id, kind, role, due_at, escalated_to FROM tasks
         WHERE run_id = $1 AND status = 'open'
         ORDER BY coalesce(due_at, 'infinity'::timestamptz), task_id`,
        [c.run_id],
      ),
      this.dataSource.query<MeasureRow[]>(
        `SELECT measure_id, kind, measure_code, lead_department, responsible_departments,
                to_char(due_on, 'YYYY-MM-DD') AS due_on, due_at, status, percent
         FROM assistance_measures WHERE run_id = $1 ORDER BY due_at, measure_id`,
        [c.run_id],
      ),
    ]);
    const village = findDivision(c.village_code);
    return {
      caseId,
      workflowId: caseId,
      runId: c.run_id,
      householdKey: household.household_key,
      ...headDisplay(this.cipher, actor, household),
      villageCode: c.village_code,
      village: village?.name ?? c.village_code,
      townshipCode: c.township_code,
      township: findDivision(c.township_code)?.name ?? c.township_code,
      channel: one(EntryChannels, c.channel),
      status: c.status,
      stage: c.stage,
      stageSince: c.stage_since?.toISOString() ?? null,
      householdClass: HouseholdClasses.find((x) => x === c.household_class) ?? null,
      riskTypes: c.risk_types,
      openedAt: c.opened_at.toISOString(),
      decidedAt: c.decided_at?.toISOString() ?? null,
      awaiting: tasks.map((t) => ({
        taskId: t.task_id,
        kind: one(TaskKinds, t.kind),
        role: one(Roles, t.role),
        dueAt: t.due_at?.toISOString() ?? null,
        overdue: t.due_at !== null && t.due_at < now,
        escalatedTo: role(t.escalated_to),
      })),
      measures: measures.map((m) => ({
        measureId: m.measure_id,
        kind: one(MeasureKinds, m.kind),
        measureCode: m.measure_code,
        leadDepartment: one(Departments, m.lead_department),
        responsibleDepartments: m.responsible_departments.filter((d) =>
          (Departments as readonly string[]).includes(d),
        ) as CaseMeasure['responsibleDepartments'],
        dueOn: m.due_on,
        status: m.status,
        percent: m.percent,
        overdue: m.status === 'open' && m.due_at < now,
      })),
      evidence: actor.role === 'city-bureau' ? await this.evidence(caseId) : null,
    };
  }

  /** The determination's evidence: each step below the city, with its figures opened. */
  private async evidence(caseId: string): Promise<NonNullable<CaseFileView['evidence']>> {
    const rows = await this.dataSource.query<
      {
        step_id: string;
        kind: string;
        recorded_at: Date;
        actor: string;
        detail: Record<string, unknown>;
      }[]
    >(
      `SELECT step_id, kind, recorded_at, actor, detail FROM case_events
       WHERE case_id = $1 AND kind = ANY($2) ORDER BY recorded_at, id`,
      [caseId, EVIDENCE_KINDS],
    );
    return rows.map((r) => {
      const form = openDetail(this.cipher, PiiFields.caseFigures, r.detail);
      delete form.kind;
      return {
        stepId: r.step_id,
        kind: r.kind,
        at: r.recorded_at.toISOString(),
        by: r.actor,
        form,
      };
    });
  }
}
