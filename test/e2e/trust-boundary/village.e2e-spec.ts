import { WorkflowUpdateFailedError } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';

import {
  CaseSearchAttributes,
  ErrorCodes,
  moveHouseholdUpdate,
  type CaseSummary,
  type HouseholdMove,
} from '@fanpin/contracts';
import { ReportSourcesRepository } from '@fanpin/persistence';

import { cadreOf, cityBureau, officerOf, type AccountSpec } from '../../support/accounts';
import { standardForms, suiteSystem } from '../../support/harness';
import { newResidentId, riskyFigures, uniqueId } from '../../support/records';

// 西大川村 of 桦树镇, and 台兴村 of 建国街道: two villages of two townships.
const villageA = '220681100200';
const townshipA = '220681100';
const villageB = '220681001200';
const townshipB = '220681001';

/**
 * One village per household (the trust boundary): the village the household was first
 * reported in is held in one place, and only an audited move (迁移) changes it, for the API, the
 * case, the inbox and the reports alike. A report from another village goes to the household's own.
 */
describe('trust boundary: a household lives in one village', () => {
  const t = suiteSystem('trust-boundary-village');
  const residentId = newResidentId();
  let householdKey: string;
  let caseId: string;

  beforeAll(async () => {
    ({ caseId } = await t.caseAt('VILLAGE_VERIFICATION', { villageCode: villageA, residentId }));
    householdKey = caseId.replace(/^case-/, '');
  });

  /** The village verification of the suite's case, sent by `as`. */
  const verifyAs = (as: AccountSpec) =>
    t.api(
      'POST',
      `/v1/cases/${caseId}/tasks/village-verification-1`,
      standardForms['village-verification']?.body,
      as,
    );

  const inbox = async (as: AccountSpec, of = caseId) =>
    (await t.inbox(as))
      .filter((task) => task.caseId === of && task.status === 'open')
      .map((task) => `${task.taskId}@${task.villageCode}`);

  /** The half-monthly report's way-in entries of this household, as its SQL finds them now. */
  const reportEntries = async (township: string) => {
    const db = {
      query: (sql: string, params: unknown[]) =>
        t.db.query<Record<string, unknown>>(sql, params).then((r) => r.rows),
    };
    const period = {
      start: new Date(Date.now() - 86_400_000).toISOString(),
      end: new Date(Date.now() + 60_000).toISOString(),
    };
    const sources = new ReportSourcesRepository(db as unknown as DataSource);
    const content = await sources.halfMonthly(township, period);
    return [...content.warnings, ...content.declarations]
      .filter((e) => e.householdKey === householdKey)
      .map((e) => `${e.source}@${e.villageCode}`);
  };

  it('takes a screening from another village to the household’s own village, never the sender’s', async () => {
    const screening = await t.api<{ receipt: { caseId: string } | null }>(
      'POST',
      '/v1/screenings',
      {
        screeningId: uniqueId('SCR'),
        villageCode: villageB,
        head: { name: '测试户主', residentId },
        figures: riskyFigures,
        decision: 'report',
      },
      cadreOf(villageB),
    );
    expect(screening.status).toBe(202);
    expect(screening.body.receipt?.caseId).toBe(caseId);
    // Stored as sent (the village it named), its figures and findings sealed.
    const stored = await t.db.query<{ village_code: string; detail: Record<string, unknown> }>(
      `SELECT village_code, detail FROM alerts WHERE source = 'cadre-screening' AND household_key = $1`,
      [householdKey],
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]?.village_code).toBe(villageB);
    expect(Object.keys(stored.rows[0]?.detail ?? {}).sort()).toEqual(['recordedBy', 'sealed']);
    expect(JSON.stringify(stored.rows[0]?.detail)).not.toMatch(/4200|36000|seriousIllness/);

    const summary = await t.waitForCase(caseId, (s) => s.alertIds.length === 2);
    expect(summary.divisions.villageCode).toBe(villageA);
    // The API, the inbox and the report all place it in A; B's cadre sees nothing of it.
    const household = await t.api<{ villageCode: string }>(
      'GET',
      `/v1/households/${householdKey}`,
      undefined,
      cadreOf(villageA),
    );
    expect(household.body.villageCode).toBe(villageA);
    expect((await t.api('GET', `/v1/cases/${caseId}`, undefined, cadreOf(villageB))).status).toBe(
      404,
    );
    expect(await inbox(cadreOf(villageA))).toEqual([`village-verification-1@${villageA}`]);
    expect(await inbox(cadreOf(villageB))).toEqual([]);
    expect(await reportEntries(townshipB)).toEqual([]);
    expect(await reportEntries(townshipA)).toEqual([
      `health@${villageA}`,
      `cadre-screening@${villageA}`,
    ]);
    // B's cadre cannot act on the case either (the validator checks the case's village).
    const verify = await verifyAs(cadreOf(villageB));
    expect(verify.status).toBe(404);
  });

  it('moves a household only by an audited move, which the case, its inbox and the API follow', async () => {
    const move = (as: AccountSpec, villageCode: string) =>
      t.api<{ caseId: string | null; villageCode: string }>(
        'POST',
        `/v1/households/${householdKey}/move`,
        { villageCode, reasonCode: 'RESETTLED' },
        as,
      );
    // B's township does not hold the household; A's township cannot send it to another township.
    expect((await move(officerOf(townshipB), villageB)).status).toBe(404);
    expect((await move(officerOf(townshipA), villageB)).status).toBe(403);
    expect(await reportEntries(townshipB)).toEqual([]);

    // A forged move sent straight to Temporal changes nothing.
    const handle = (await t.client()).workflow.getHandle(caseId);
    const forged: HouseholdMove = {
      actor: {
        id: 'city-forger',
        role: 'city-bureau',
        divisionCode: '220681',
        org: null,
        householdKey: null,
      },
      divisions: { countyCode: '220681', townshipCode: townshipB, villageCode: villageB },
      reasonCode: 'RESETTLED',
    };
    const refused = await handle
      .executeUpdate(moveHouseholdUpdate, { args: [forged] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
      ErrorCodes.commandNotIssued,
    );
    expect((await t.waitForCase(caseId, () => true)).divisions.villageCode).toBe(villageA);

    // The city bureau moves it: one audited act, followed everywhere.
    const moved = await move(cityBureau, villageB);
    expect(moved).toMatchObject({ status: 200, body: { caseId, villageCode: villageB } });
    const summary: CaseSummary = await t.waitForCase(
      caseId,
      (s) => s.divisions.villageCode === villageB,
    );
    expect(summary.divisions).toEqual({
      countyCode: '220681',
      townshipCode: townshipB,
      villageCode: villageB,
    });
    expect(await inbox(cadreOf(villageB))).toEqual([`village-verification-1@${villageB}`]);
    expect(await inbox(cadreOf(villageA))).toEqual([]);
    expect((await t.api('GET', `/v1/cases/${caseId}`, undefined, cadreOf(villageA))).status).toBe(
      404,
    );
    expect(await reportEntries(townshipB)).toHaveLength(2);
    expect(
      await t.count(
        `SELECT 1 FROM audit_log WHERE kind = 'household.moved' AND target = $1 AND actor_role = 'city-bureau'`,
        [householdKey],
      ),
    ).toBe(1);
    const description = await handle.describe();
    expect(description.searchAttributes[CaseSearchAttributes.villageCode.name]).toEqual([villageB]);

    // Now B's cadre does the village's work on it, and a task opened later is B's too.
    const verify = await verifyAs(cadreOf(villageB));
    expect(verify.status).toBe(200);
  });

  it('opens the new case of a known household in its own village, whoever reports it again', async () => {
    // A second household of A, whose first case A's cadre closes as not at risk.
    const again = newResidentId();
    const first = await t.postAlert({ villageCode: villageA, residentId: again });
    const secondCase = first.body.caseId;
    await t.waitForCase(secondCase, (s) => s.openTask?.taskId === 'village-verification-1');
    const closed = await t.api(
      'POST',
      `/v1/cases/${secondCase}/tasks/village-verification-1`,
      {
        ...standardForms['village-verification']?.body,
        outcome: 'not-at-risk',
        commitmentSigned: false,
        commitmentSignedOn: undefined,
        reasonCode: 'NO_RISK',
      },
      cadreOf(villageA),
    );
    expect(closed.status).toBe(200);
    await t.waitForCase(secondCase, (s) => s.stage === 'EXCLUDED');

    // Reported again, by a bureau that names village B: the new case runs in A.
    const reported = await t.postAlert({ villageCode: villageB, residentId: again });
    expect(reported.body.caseId).toBe(secondCase);
    const reopened = await t.waitForCase(
      secondCase,
      (s) => s.stage !== 'EXCLUDED' && s.openTask?.taskId === 'village-verification-1',
    );
    expect(reopened.divisions.villageCode).toBe(villageA);
    expect(
      (await inbox(cadreOf(villageA), secondCase)).every((task) => task.endsWith(`@${villageA}`)),
    ).toBe(true);
    expect(await inbox(cadreOf(villageB), secondCase)).toEqual([]);
  });
});
