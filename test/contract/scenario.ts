import { randomBytes } from 'node:crypto';

import type { CaseSummary, Role } from '@fanpin/contracts';

import {
  alertBody,
  newResidentId,
  standardForms,
  uniqueId,
  type AccountSpec,
  type TestSystem,
} from '../support/harness';
import { assistancePlan, eliminationSteps, stableVisit } from '../support/procedure';

/** Where the scenario's households live: 西大川村 of 桦树镇, in 临江市. */
export const village = '220681100200';
export const township = '220681100';
export const county = '220681';

/** An account of each role, scoped where the scenario's households live. */
export function accountOf(role: Role): AccountSpec {
  switch (role) {
    case 'village-cadre':
    case 'village-committee':
      return { role, divisionCode: village };
    case 'township-officer':
      return { role, divisionCode: township };
    case 'city-bureau':
      return { role, divisionCode: county };
    case 'sector-bureau':
      return { role, kind: 'integration', divisionCode: county, org: 'health' };
    case 'lead-department':
      return { role, divisionCode: county, org: 'human-resources' };
    default:
      return { role };
  }
}

/** Runs `make` once; later calls get the same promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/**
 * The states the contract tests call the API in: cases at each stage they need, a batch, a
 * report, an integration account. Each is made the first time a test asks for it.
 */
export class Scenario {
  constructor(readonly t: TestSystem) {}

  token(role: Role): Promise<string> {
    return this.t.token(accountOf(role));
  }

  /** A new case of the scenario's village, waiting for its village verification. */
  async newCase(): Promise<CaseSummary> {
    const alertId = uniqueId('HEALTH');
    const posted = await this.t.postAlert({ alertId, villageCode: village });
    if (posted.status !== 202) throw new Error(`alert refused: ${JSON.stringify(posted)}`);
    return this.waitFor(posted.body.caseId, (s) => s.openTask?.taskId === 'village-verification-1');
  }

  /** A case waiting for its village verification, and the alert that opened it. */
  readonly firstCase = once(() => this.newCase());

  /** A case whose public notice runs now (objections may be lodged for a few seconds). */
  async caseInNotice(): Promise<CaseSummary> {
    const { caseId, divisions } = await this.newCase();
    return this.toNotice(caseId, divisions);
  }

  /** Takes a case through its village steps, with the standard forms, into its public notice. */
  async toNotice(caseId: string, divisions: CaseSummary['divisions']): Promise<CaseSummary> {
    for (const kind of ['village-verification', 'democratic-appraisal']) {
      const form = standardForms[kind] as NonNullable<(typeof standardForms)[string]>;
      await this.completeOpen(caseId, `${kind}-1`, form.body, form.as(divisions));
    }
    return this.waitFor(caseId, (s) => s.stage === 'PUBLIC_NOTICE');
  }

  /**
   * A new case whose village verification is done, on the committee's list of households waiting
   * for democratic appraisal (the list is read from the task inbox, which follows the case).
   */
  async caseInAppraisal(): Promise<CaseSummary> {
    const { caseId, divisions } = await this.newCase();
    const form = standardForms['village-verification'] as NonNullable<
      (typeof standardForms)[string]
    >;
    await this.completeOpen(caseId, 'village-verification-1', form.body, form.as(divisions));
    const summary = await this.waitFor(caseId, (s) => s.stage === 'DEMOCRATIC_APPRAISAL');
    const deadline = Date.now() + 30_000;
    for (;;) {
      const list = await this.t.api<{ households: { caseId: string }[] }>(
        'GET',
        `/v1/villages/${village}/appraisals/waiting`,
        undefined,
        accountOf('village-committee'),
      );
      if (list.body.households?.some((h) => h.caseId === caseId)) return summary;
      if (Date.now() > deadline) throw new Error(`${caseId} never reached the committee's list`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A village meeting's form approving the given households. */
  meetingForm(caseIds: string[]): Record<string, unknown> {
    return {
      meetingId: uniqueId('MEETING'),
      purpose: 'inclusion',
      heldOn: '2026-12-07',
      place: '村委会议室',
      attendees: 15,
      noticePlace: '村务公开栏',
      households: caseIds.map((caseId) => ({ caseId, outcome: 'approved' })),
    };
  }

  /** A village meeting that approved one household: its id. */
  readonly meeting = once(async () => {
    const { caseId } = await this.caseInAppraisal();
    const form = this.meetingForm([caseId]);
    const held = await this.t.api(
      'POST',
      `/v1/villages/${village}/meetings`,
      form,
      accountOf('village-committee'),
    );
    if (held.status !== 200) throw new Error(`meeting refused: ${JSON.stringify(held)}`);
    return form.meetingId as string;
  });

  /** An objection to the running notice, recorded by the village cadre: the township reviews it. */
  async lodgeObjection(caseId: string): Promise<void> {
    const lodged = await this.t.api(
      'POST',
      `/v1/cases/${caseId}/objections`,
      { objectionId: uniqueId('OBJ'), groundsCode: 'INCOME_UNDERSTATED' },
      accountOf('village-cadre'),
    );
    if (lodged.status !== 200) throw new Error(`objection refused: ${JSON.stringify(lodged)}`);
  }

  /** A new case with emergency relief recorded: a sudden-hardship case the city may fast-track. */
  async suddenHardshipCase(): Promise<CaseSummary> {
    const summary = await this.newCase();
    const granted = await this.t.api(
      'POST',
      `/v1/cases/${summary.caseId}/emergency-relief`,
      {
        reliefId: uniqueId('ER'),
        kind: 'emergency-relief',
        amount: 800,
        grantedOn: '2026-12-07',
        reasonCode: 'SUDDEN_ILLNESS',
      },
      accountOf('township-officer'),
    );
    if (granted.status !== 200) throw new Error(`relief refused: ${JSON.stringify(granted)}`);
    return summary;
  }

  /** A case marked risk eliminated (风险消除), within its rollback window. */
  readonly eliminatedCase = once(async () => {
    const { caseId } = await this.newCase();
    await this.t.reachCityDetermination(caseId);
    await this.complete(caseId, 'determination-1', {
      kind: 'city-determination',
      include: true,
      householdClass: 'marginal',
    });
    await this.completeWhenOpen(caseId, 'assistance-plan-1', 'city-bureau', assistancePlan);
    await this.completeWhenOpen(caseId, 'follow-up-visit-1', 'village-cadre', {
      ...stableVisit,
      proposeElimination: true,
    });
    for (const { role, body } of eliminationSteps) {
      await this.completeWhenOpen(caseId, `${body.kind}-1`, role, body);
    }
    return this.waitFor(caseId, (s) => s.stage === 'RISK_ELIMINATED', 60_000);
  });

  /** A batch of the health bureau, stored and processed. */
  readonly batch = once(async () => {
    const batchId = uniqueId('BATCH');
    const record = { ...alertBody({ villageCode: village }), bureau: undefined };
    const sent = await this.t.api(
      'PUT',
      `/v1/alert-batches/${batchId}`,
      { records: [record] },
      accountOf('sector-bureau'),
    );
    if (sent.status !== 202) throw new Error(`batch refused: ${JSON.stringify(sent)}`);
    return batchId;
  });

  /** One row of a national-system export: a household of the scenario's village. */
  exportRow(): Record<string, string> {
    return {
      recordId: uniqueId('NM'),
      residentId: newResidentId(),
      townshipCode: township,
      villageCode: village,
      householdClass: 'marginal',
      mark: 'monitoring',
    };
  }

  /** A reconciliation of a one-row export of the scenario's township (its one difference: 1). */
  readonly reconciliation = once(async () => {
    const sent = await this.t.api<{ reconciliationId: string }>(
      'POST',
      `/v1/national/reconciliations?townshipCode=${township}`,
      { rows: [this.exportRow()] },
      accountOf('city-bureau'),
    );
    if (sent.status !== 201) throw new Error(`export refused: ${JSON.stringify(sent)}`);
    return sent.body.reconciliationId;
  });

  /** A half-monthly report of the scenario's township, stored as its Schedule would store it. */
  readonly report = once(async () => {
    const { rows } = await this.t.db.query<{ report_id: string }>(
      `INSERT INTO reports (kind, scope, period_start, period_end, row_count, content)
       VALUES ('half-monthly', $1, '2024-05-31T15:59:59.999Z', '2024-06-15T15:59:59.999Z', 0, $2)
       ON CONFLICT (kind, scope, period_end) DO UPDATE SET row_count = 0
       RETURNING report_id`,
      [township, { declarations: [], warnings: [], reported: [] }],
    );
    return (rows[0] as { report_id: string }).report_id;
  });

  /** A new account made by the administrator: its id, and its client secret for integrations. */
  async newAccount(kind: 'staff' | 'integration'): Promise<{ id: string; secret?: string }> {
    const id = `contract-${randomBytes(5).toString('hex')}`;
    const body =
      kind === 'staff'
        ? { accountId: id, kind, role: 'supervisor', password: randomBytes(16).toString('hex') }
        : { accountId: id, kind, role: 'sector-bureau', divisionCode: county, org: 'water' };
    const made = await this.t.api<{ clientSecret?: string }>('POST', '/v1/admin/accounts', body, {
      role: 'administrator',
    });
    if (made.status !== 201) throw new Error(`account refused: ${JSON.stringify(made)}`);
    return { id, ...(made.body.clientSecret ? { secret: made.body.clientSecret } : {}) };
  }

  /** A household head as forms carry it: a new resident ID number each time. */
  head(): { name: string; residentId: string } {
    return { name: '测试户主', residentId: newResidentId() };
  }

  async complete(caseId: string, taskId: string, body: unknown, as?: AccountSpec): Promise<void> {
    const done = await this.t.api('POST', `/v1/cases/${caseId}/tasks/${taskId}`, body, as);
    if (done.status !== 200) throw new Error(`${taskId} refused: ${JSON.stringify(done)}`);
  }

  /**
   * Completes a task once the case has opened it: a completion is answered before the case opens
   * the next task, so a client walking a case waits for each, as a member of staff waits for the
   * task to reach the inbox.
   */
  async completeOpen(caseId: string, taskId: string, body: unknown, as?: AccountSpec) {
    await this.waitFor(caseId, (s) => s.openTasks.some((task) => task.taskId === taskId), 30_000);
    await this.complete(caseId, taskId, body, as);
  }

  private completeWhenOpen(caseId: string, taskId: string, role: Role, body: unknown) {
    return this.completeOpen(caseId, taskId, body, accountOf(role));
  }

  private waitFor(
    caseId: string,
    predicate: (s: CaseSummary) => boolean,
    timeoutMs = 30_000,
  ): Promise<CaseSummary> {
    return this.t.waitForCase(caseId, predicate, timeoutMs);
  }
}
