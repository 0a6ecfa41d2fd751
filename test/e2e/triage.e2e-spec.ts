import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type {
  AlertBatchView,
  AlertOutcome,
  TriageDecisionView,
  TriageGroups,
  TriageItem,
  TriageItemPage,
} from '@fanpin/contracts';

import { bureauOf, cityBureau, healthBureau, type AccountSpec } from '../support/accounts';
import { policyEnv, suiteSystem } from '../support/harness';
import { alertBody, newResidentId, uniqueId } from '../support/records';
import { expectAccessible, shows, withSignedInPage } from '../support/browser';

/**
 * The city bureau's triage of sector bureaus' alerts (预警确认, plan §4.2.3), with ALERT_TRIAGE=city:
 * alerts wait, one item per household whichever bureaus sent them; the city confirms or dismisses
 * in bulk; confirmed items open cases in the village, dismissed ones are fed back to every sender.
 * All its data is in 大湖街道 (220681004), and every listing is filtered by it.
 */
describe('triage: the city bureau confirms bureaus’ alerts', () => {
  const t = suiteSystem('triage', {
    // An hour for the village's check: its due instant shows when the deadline counted from.
    api: { ALERT_TRIAGE: 'city', ...policyEnv({ VILLAGE_VERIFICATION_DEADLINE: '1h' }) },
  });
  const township = '220681004';
  const villageA = '220681004200';
  const villageB = '220681004201';
  const villageC = '220681004202';
  const education = bureauOf('education');
  const supervisor: AccountSpec = { role: 'supervisor' };

  const keyOf = (residentId: string) =>
    `hh${createHmac('sha256', t.secrets.householdKeySecret).update(residentId).digest('hex').slice(0, 32)}`;

  async function items(query: string, as = cityBureau): Promise<TriageItem[]> {
    const got = await t.api<TriageItemPage>('GET', `/v1/triage/items?${query}`, undefined, as);
    expect(got.status).toBe(200);
    return got.body.items;
  }

  const decide = (body: Record<string, unknown>, as = cityBureau) =>
    t.api<TriageDecisionView & { code?: string }>('POST', '/v1/triage/decisions', body, as);

  const outcome = async (as: AccountSpec, alertId: string) =>
    (await t.api<AlertOutcome>('GET', `/v1/alerts/${alertId}`, undefined, as)).body;

  const putBatch = (batchId: string, records: unknown[], as: AccountSpec) =>
    t.api('PUT', `/v1/alert-batches/${batchId}`, { records }, as);
  const batchView = async (batchId: string, as: AccountSpec) =>
    (await t.api<AlertBatchView>('GET', `/v1/alert-batches/${batchId}`, undefined, as)).body;

  async function batchDone(batchId: string, as: AccountSpec): Promise<AlertBatchView> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const view = await batchView(batchId, as);
      if (view.status === 'done' || Date.now() > deadline) return view;
      await sleep(250);
    }
  }

  const record = (residentId: string, villageCode: string, triggers = [2]) => ({
    alertId: uniqueId('TRI'),
    villageCode,
    head: { name: '分诊户主', residentId },
    triggers,
  });

  it('holds two bureaus’ alerts about one household (two of its members) as one item, with no case yet', async () => {
    const residentId = newResidentId();
    const spouseId = newResidentId();
    const fromHealth = alertBody({ bureau: 'health', villageCode: villageC, residentId });
    // The other bureau names the head's spouse: a member leads to the same household.
    const fromEducation = alertBody({
      bureau: 'education',
      villageCode: villageC,
      residentId: spouseId,
      name: '配偶',
      triggers: [1],
    });
    const first = await t.api('POST', '/v1/alerts', fromHealth, healthBureau);
    const joined = await t.api(
      'POST',
      `/v1/households/${keyOf(residentId)}/members`,
      {
        name: '配偶',
        residentId: spouseId,
        joinedOn: '2026-11-20',
        relation: 'spouse',
        reasonCode: 'marriage',
      },
      { role: 'village-cadre', divisionCode: villageC },
    );
    expect(joined.status).toBe(200);
    const second = await t.api('POST', '/v1/alerts', fromEducation, education);
    expect(first).toMatchObject({ status: 202, body: { status: 'triage' } });
    expect(second).toMatchObject({ status: 202, body: { status: 'triage' } });
    // The same alert again changes nothing.
    expect(await t.api('POST', '/v1/alerts', fromHealth, healthBureau)).toMatchObject({
      status: 200,
      body: { status: 'duplicate' },
    });

    const householdKey = keyOf(residentId);
    const found = (await items(`villageCode=${villageC}&limit=500`)).filter(
      (i) => i.householdKey === householdKey,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      townshipCode: township,
      villageCode: villageC,
      status: 'pending',
      headName: '测试户主',
      openCaseId: null,
    });
    expect(found[0]!.residentIdMasked).not.toContain(residentId.slice(6, 14));
    expect(found[0]!.alerts.map((a) => [a.bureau, a.alertId, a.triggers])).toEqual([
      ['health', fromHealth.alertId, [2]],
      ['education', fromEducation.alertId, [1]],
    ]);
    const groups = await t.api<TriageGroups>(
      'GET',
      `/v1/triage/groups?townshipCode=${township}`,
      undefined,
      supervisor,
    );
    expect(groups.status).toBe(200);
    const group = groups.body.groups.find((g) => g.villageCode === villageC);
    expect(group?.items).toBeGreaterThanOrEqual(1);
    expect(group!.alerts).toBeGreaterThanOrEqual(2);

    // Nothing reached Temporal: no case, and each bureau sees its alert waiting for the city.
    expect(
      (await t.api('GET', `/v1/cases/case-${householdKey}`, undefined, cityBureau)).status,
    ).toBe(404);
    expect(await outcome(healthBureau, fromHealth.alertId as string)).toMatchObject({
      outcome: 'awaiting-triage',
      caseId: null,
      dismissReason: null,
    });

    // Confirmed by name: the case opens in the village, with both bureaus' alerts.
    const confirmed = await decide({ decision: 'confirm', itemIds: [found[0]!.itemId] });
    expect(confirmed).toMatchObject({ status: 200, body: { decided: 1, unchanged: 0 } });
    const opened = await t.waitForCase(
      `case-${householdKey}`,
      (s) => s.stage === 'VILLAGE_VERIFICATION' && s.alertIds.length === 2,
    );
    expect(opened.divisions.villageCode).toBe(villageC);
    // Again the same: nothing changes; dismissed instead: refused, nothing changes.
    expect(await decide({ decision: 'confirm', itemIds: [found[0]!.itemId] })).toMatchObject({
      status: 200,
      body: { decided: 0, unchanged: 1 },
    });
    expect(
      await decide({ decision: 'dismiss', reason: 'DATA_ERROR', itemIds: [found[0]!.itemId] }),
    ).toMatchObject({ status: 409, body: { code: 'TRIAGE.DECIDED_OTHERWISE' } });
    expect(await outcome(education, fromEducation.alertId as string)).toMatchObject({
      outcome: expect.stringMatching(/^(case-opening|open)$/),
      caseId: `case-${householdKey}`,
    });
  });

  it('lets the city triage two bureaus’ batches in bulk, and feeds dismissals back to both', async () => {
    const inA = [0, 1, 2, 3].map(() => newResidentId());
    const inB = [0, 1].map(() => newResidentId());
    const healthRecords = [
      ...inA.map((r) => record(r, villageA)),
      ...inB.map((r) => record(r, villageB)),
    ];
    const educationRecords = [
      record(inA[0]!, villageA, [1]),
      ...inB.map((r) => record(r, villageB, [1])),
    ];
    const healthBatch = uniqueId('TRIB');
    const educationBatch = uniqueId('TRIB');
    expect((await putBatch(healthBatch, healthRecords, healthBureau)).status).toBe(202);
    expect((await putBatch(educationBatch, educationRecords, education)).status).toBe(202);
    // Processed, and nothing handed to a case: every record waits in the city's triage.
    expect(await batchDone(healthBatch, healthBureau)).toMatchObject({
      status: 'done',
      triage: true,
      dispatched: 0,
    });
    expect(await batchDone(educationBatch, education)).toMatchObject({
      status: 'done',
      dispatched: 0,
    });

    const keysA = new Set(inA.map(keyOf));
    const keysB = new Set(inB.map(keyOf));
    const pendingA = (await items(`villageCode=${villageA}&limit=500`)).filter((i) =>
      keysA.has(i.householdKey),
    );
    const pendingB = (await items(`villageCode=${villageB}&limit=500`)).filter((i) =>
      keysB.has(i.householdKey),
    );
    expect(pendingA).toHaveLength(4);
    expect(pendingB).toHaveLength(2);
    for (const item of pendingB) {
      expect(item.alerts.map((a) => a.bureau).sort()).toEqual(['education', 'health']);
    }
    const groups = (
      await t.api<TriageGroups>(
        'GET',
        `/v1/triage/groups?townshipCode=${township}`,
        undefined,
        cityBureau,
      )
    ).body.groups;
    expect(groups.every((g) => g.townshipCode === township)).toBe(true);
    expect(groups.find((g) => g.villageCode === villageB)?.items).toBeGreaterThanOrEqual(2);

    // Refusals: a dismissal without a reason, both a filter and names, a township's officer.
    expect(await decide({ decision: 'dismiss', filter: { villageCode: villageB } })).toMatchObject({
      status: 400,
      body: { code: 'INPUT.INVALID' },
    });
    expect(
      await decide({ decision: 'confirm', itemIds: [pendingA[0]!.itemId], filter: { all: true } }),
    ).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    // An empty filter would decide everything: it must say so (all: true).
    expect(await decide({ decision: 'confirm', filter: {} })).toMatchObject({
      status: 400,
      body: { code: 'INPUT.INVALID' },
    });
    expect(
      (
        await decide(
          { decision: 'confirm', filter: { villageCode: villageA } },
          { role: 'township-officer', divisionCode: township },
        )
      ).status,
    ).toBe(403);

    // Village B dismissed by filter, village A's health items confirmed by filter.
    const dismissed = await decide({
      decision: 'dismiss',
      reason: 'NOT_RURAL',
      filter: { townshipCode: township, villageCode: villageB },
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.decided).toBeGreaterThanOrEqual(2);
    // Well after the batch's receipt: the deadlines must count from the confirmation.
    await sleep(2000);
    const confirmedAt = Date.now();
    const confirmed = await decide({
      decision: 'confirm',
      filter: { villageCode: villageA, bureau: 'health' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.decided).toBeGreaterThanOrEqual(4);

    // Confirmed: a case each in village A, whose first task is due from the confirmation.
    for (const residentId of inA) {
      const opened = await t.waitForCase(
        `case-${keyOf(residentId)}`,
        (s) => s.stage === 'VILLAGE_VERIFICATION',
      );
      expect(opened.divisions.villageCode).toBe(villageA);
    }
    const [task] = (
      await t.db.query<{ due_at: Date }>(
        `SELECT due_at FROM tasks WHERE case_id = $1 AND kind = 'village-verification'`,
        [`case-${keyOf(inA[1]!)}`],
      )
    ).rows;
    expect(task).toBeDefined();
    // Dismissed: no case, and both bureaus that reported the household see the reason.
    for (const residentId of inB) {
      const caseId = `case-${keyOf(residentId)}`;
      expect((await t.api('GET', `/v1/cases/${caseId}`, undefined, cityBureau)).status).toBe(404);
    }
    const healthB = healthRecords.filter((r) => r.villageCode === villageB);
    const educationB = educationRecords.filter((r) => r.villageCode === villageB);
    for (const r of healthB) {
      expect(await outcome(healthBureau, r.alertId)).toMatchObject({
        outcome: 'dismissed',
        dismissReason: 'NOT_RURAL',
        caseId: null,
      });
    }
    for (const r of educationB) {
      expect(await outcome(education, r.alertId)).toMatchObject({
        outcome: 'dismissed',
        dismissReason: 'NOT_RURAL',
      });
    }
    // The same feedback in each bureau's own list (newest first: these are among the last).
    const listed = await t.api<{ alerts: AlertOutcome[] }>(
      'GET',
      '/v1/alerts?limit=500',
      undefined,
      education,
    );
    const mine = listed.body.alerts.filter((a) =>
      educationRecords.some((r) => r.alertId === a.alertId),
    );
    expect(mine).toHaveLength(3);
    expect(mine.filter((a) => a.outcome === 'dismissed').map((a) => a.dismissReason)).toEqual([
      'NOT_RURAL',
      'NOT_RURAL',
    ]);
    // Education's alert about a household of village A went to its case with health's.
    const educationA = educationRecords.find((r) => r.villageCode === villageA)!;
    const fedBack = await outcome(education, educationA.alertId);
    expect(fedBack.outcome).not.toBe('dismissed');
    expect(fedBack.caseId ?? `case-${keyOf(inA[0]!)}`).toBe(`case-${keyOf(inA[0]!)}`);
    // The dispatched records of the health batch: four, counted once.
    const healthView = await batchDone(healthBatch, healthBureau);
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      if ((await batchView(healthBatch, healthBureau)).dispatched === 4) break;
    }
    expect((await batchView(healthBatch, healthBureau)).dispatched).toBe(4);
    expect(healthView.total).toBe(6);
    // The deadlines count from the confirmation, not from the bureau's send.
    const countedFrom = task!.due_at.getTime() - 3_600_000;
    expect(countedFrom).toBeGreaterThanOrEqual(confirmedAt - 500);
    expect(countedFrom).toBeGreaterThan(Date.parse(healthView.receivedAt) + 1500);
    // Audited: both decisions, by the city bureau.
    const audited = await t.db.query<{ reason: string }>(
      `SELECT reason FROM audit_log WHERE kind = 'triage.decided' AND outcome = 'ok'
         AND target = ANY($1::text[])`,
      [
        [
          `triage-decision-${dismissed.body.decisionId}`,
          `triage-decision-${confirmed.body.decisionId}`,
        ],
      ],
    );
    expect(audited.rows.map((r) => r.reason.split(' ')[0]).sort()).toEqual([
      'CONFIRMED',
      'DISMISSED:NOT_RURAL',
    ]);
  });

  it('lets only the city bureau decide, and supervisors read', async () => {
    const reads = ['/v1/triage/groups', `/v1/triage/items?townshipCode=${township}`];
    const others: AccountSpec[] = [
      { role: 'township-officer', divisionCode: township },
      { role: 'village-cadre', divisionCode: villageA },
      healthBureau,
    ];
    for (const path of reads) {
      expect((await t.api('GET', path, undefined, cityBureau)).status).toBe(200);
      expect((await t.api('GET', path, undefined, supervisor)).status).toBe(200);
      for (const as of others) expect((await t.api('GET', path, undefined, as)).status).toBe(403);
    }
    const body = { decision: 'confirm', filter: { villageCode: '220681004203' } };
    for (const as of [supervisor, ...others]) expect((await decide(body, as)).status).toBe(403);
    expect((await decide({ decision: 'confirm', itemIds: ['999999999999'] })).body).toMatchObject({
      code: 'TRIAGE.ITEM_NOT_FOUND',
    });
  });
  it('lets the city bureau confirm a village’s alerts in bulk on the console’s 预警确认 page', async () => {
    const villageD = '220681004002';
    const residentIds = [newResidentId(), newResidentId()];
    for (const residentId of residentIds) {
      const body = alertBody({
        bureau: 'water',
        villageCode: villageD,
        residentId,
        name: '确认户主',
      });
      expect((await t.api('POST', '/v1/alerts', body, bureauOf('water'))).status).toBe(202);
    }
    await withSignedInPage(t, cityBureau, async (page) => {
      await page.getByRole('link', { name: '预警确认', exact: true }).click();
      await page.waitForURL(/\/triage$/);
      // The village's group, then its households, each with the bureau that reported it.
      await page.locator('[data-triage-groups]').getByText('大湖社区', { exact: true }).click();
      const rows = page.locator('[data-triage-items] .el-table__body tr');
      await shows(rows, '确认户主', 'contains');
      expect(await rows.count()).toBe(2);
      await shows(rows, '市水利局', 'contains');
      await expectAccessible(page);
      await page.getByRole('button', { name: '确认筛选范围内全部' }).click();
      await page.getByRole('button', { name: '确定' }).click();
      await shows(page.locator('.el-message'), '已处理 2 户', 'contains');
      for (const residentId of residentIds) {
        const opened = await t.waitForCase(
          `case-${keyOf(residentId)}`,
          (s) => s.stage === 'VILLAGE_VERIFICATION',
        );
        expect(opened.divisions.villageCode).toBe(villageD);
      }
    });
  });
});
