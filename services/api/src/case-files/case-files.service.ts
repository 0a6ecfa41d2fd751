import { Injectable } from '@nestjs/common';
import type { Request } from 'express';

import {
  Departments,
  EntryChannels,
  HouseholdClasses,
  MeasureKinds,
  ResponsibleUnits,
  Roles,
  TaskKinds,
  type Actor,
  type CaseFileView,
  type CaseHistoryPage,
  type CaseMeasure,
} from '@fanpin/contracts';
import { findDivision } from '@fanpin/domain';
import {
  AssistanceRepository,
  CaseEventsRepository,
  CasesRepository,
  NationalEntriesRepository,
  PiiCipher,
  PiiFields,
  TasksRepository,
  openDetail,
} from '@fanpin/persistence';

import { Jurisdiction, caseNotFound } from '../auth/jurisdiction';
import { headDisplay } from '../households/household-display';
import { keysetPage } from './history-cursor';
import { historyEntry } from './case-history';

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
    private readonly cases: CasesRepository,
    private readonly events: CaseEventsRepository,
    private readonly tasks: TasksRepository,
    private readonly assistance: AssistanceRepository,
    private readonly nationalEntries: NationalEntriesRepository,
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
    const { rows, next } = await keysetPage(
      q,
      ['instant', 'int', 'int'],
      (after, limit) => this.events.history(household.household_key, caseId, after, limit),
      (last) => [last.at_key, last.src, Number(last.id)],
    );
    return { caseId, entries: rows.map(historyEntry), next };
  }

  async file(actor: Actor, caseId: string, request: Request): Promise<CaseFileView> {
    const household = await this.jurisdiction.caseHousehold(actor, caseId, request);
    const c = await this.cases.latestRun(caseId);
    if (!c) throw caseNotFound();
    const now = new Date();
    const [tasks, measures, record] = await Promise.all([
      this.tasks.openOfRun(c.run_id),
      this.assistance.ofRun(c.run_id),
      this.nationalEntries.recordOfRun(c.run_id),
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
      nationalRecord: record
        ? {
            recordId: record.entry_id,
            keyedBy: record.keyed_by,
            keyedOn: record.keyed_on,
            enteredAt: record.entered_at.toISOString(),
          }
        : null,
      measures: measures.map((m) => ({
        measureId: m.measure_id,
        kind: one(MeasureKinds, m.kind),
        measureCode: m.measure_code,
        leadDepartment: one(Departments, m.lead_department),
        responsibleDepartments: m.responsible_departments.filter((d) =>
          (ResponsibleUnits as readonly string[]).includes(d),
        ) as CaseMeasure['responsibleDepartments'],
        dueOn: m.due_on,
        status: m.status,
        percent: m.percent,
        overdue: m.status === 'open' && m.due_at < now,
        facts: (m.facts as CaseMeasure['facts']) ?? null,
      })),
      evidence: actor.role === 'city-bureau' ? await this.evidence(caseId) : null,
    };
  }

  /** The determination's evidence: each step below the city, with its figures opened. */
  private async evidence(caseId: string): Promise<NonNullable<CaseFileView['evidence']>> {
    const rows = await this.events.ofKinds(caseId, EVIDENCE_KINDS);
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
