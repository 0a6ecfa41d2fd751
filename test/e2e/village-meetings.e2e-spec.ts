import type { CaseSummary, VillageMeeting } from '@fanpin/contracts';

import type { Browser } from 'playwright-core';

import {
  launchBrowser,
  seriousAccessibilityViolations,
  shows,
  signedInPage,
  visible,
} from '../support/browser';
import { replayAndRecord } from '../support/histories';
import {
  TestSystem,
  policyEnv,
  standardForms,
  waitUntil,
  type AccountSpec,
} from '../support/harness';
import { assistancePlan } from '../support/procedure';

/**
 * Village meetings (村民代表会议, plan §4.3), through the API against the whole system: the committee
 * appraises a list of households in one meeting and posts one public notice for those it approves;
 * each case follows the list's outcome, and an objection upheld against one household sends back
 * that household alone. 蚂蚁河乡 is this suite's own township.
 */
describe('village meetings: one appraisal and one notice for a list of households', () => {
  let t: TestSystem;
  const villageCode = '220681200201'; // 西北岔村
  const otherVillage = '220681200202'; // 邱家岗村
  const cadre: AccountSpec = { role: 'village-cadre', divisionCode: villageCode };
  const committee: AccountSpec = { role: 'village-committee', divisionCode: villageCode };
  const otherCommittee: AccountSpec = { role: 'village-committee', divisionCode: otherVillage };
  const township: AccountSpec = { role: 'township-officer', divisionCode: '220681200' };
  const names = ['王一', '李二', '张三', '刘四', '陈五', '杨六'];
  const meetingsPath = `/v1/villages/${villageCode}/meetings`;

  beforeAll(async () => {
    t = await TestSystem.start('village-meetings', {
      api: policyEnv({ NOTICE_PERIOD: '8s' }),
    });
  });

  afterAll(async () => {
    await t?.stop();
  });

  async function openCase(name: string, village = villageCode): Promise<string> {
    const posted = await t.postAlert({ villageCode: village, name });
    expect(posted.status).toBe(202);
    await t.waitForCase(posted.body.caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    return posted.body.caseId;
  }

  /** The households on the committee's list now (it follows the task inbox). */
  async function waiting(village = villageCode): Promise<{ caseId: string; headName: string }[]> {
    const list = await t.api<{ households: { caseId: string; headName: string }[] }>(
      'GET',
      `/v1/villages/${village}/appraisals/waiting?purpose=inclusion`,
      undefined,
      { role: 'village-committee', divisionCode: village },
    );
    expect(list.status).toBe(200);
    return list.body.households;
  }

  /** The village verifies the household and nominates it: the case waits for the appraisal. */
  async function verify(caseId: string, village = villageCode): Promise<void> {
    const form = standardForms['village-verification']!.body;
    const done = await t.api('POST', `/v1/cases/${caseId}/tasks/village-verification-1`, form, {
      role: 'village-cadre',
      divisionCode: village,
    });
    expect(done.status).toBe(200);
    await waitUntil(`${caseId} on the committee's list`, async () =>
      (await waiting(village)).some((h) => h.caseId === caseId) ? true : undefined,
    );
  }

  /** The meeting as `as` reads it, once `holds` is true of it (stages follow the cases' steps). */
  function meetingWhen(as: AccountSpec, holds: (m: VillageMeeting) => boolean) {
    return waitUntil('the meeting as expected', async () => {
      const read = await t.api<VillageMeeting>(
        'GET',
        `${meetingsPath}/XBC-2026-12-1`,
        undefined,
        as,
      );
      return read.status === 200 && holds(read.body) ? read.body : undefined;
    });
  }

  const meeting = (caseIds: string[], overrides: Record<string, unknown> = {}) => ({
    meetingId: 'XBC-2026-12-1',
    purpose: 'inclusion',
    heldOn: '2026-12-07',
    place: '西北岔村村委会议室',
    attendees: 23,
    noticePlace: '西北岔村村务公开栏',
    households: caseIds.map((caseId) => ({ caseId, outcome: 'approved' })),
    ...overrides,
  });

  it('appraises five households in one meeting, posts one notice, and an objection holds back one only', async () => {
    const cases = await Promise.all(names.map((name) => openCase(name)));
    const [objected, ...others] = cases.slice(0, 5) as [string, ...string[]];
    const late = cases[5]!;
    await Promise.all(cases.slice(0, 5).map((c) => verify(c)));

    // The committee's list: every household waiting for its appraisal, with the head's name.
    const list = await waiting();
    expect(list.map((h) => h.caseId).sort()).toEqual(cases.slice(0, 5).sort());
    expect(list.map((h) => h.headName).sort()).toEqual(names.slice(0, 5).sort());

    // A list naming a case that does not wait for its appraisal is refused whole: nothing stored.
    const notWaiting = await t.api('POST', meetingsPath, meeting(cases), committee);
    expect(notWaiting).toMatchObject({ status: 422, body: { code: 'MEETING.CASE_NOT_WAITING' } });
    expect(notWaiting.body.details).toEqual([
      expect.objectContaining({ field: 'households[5].caseId', rule: 'waiting' }),
    ]);
    expect(
      (await t.api('GET', `${meetingsPath}/XBC-2026-12-1`, undefined, committee)).body,
    ).toMatchObject({ code: 'MEETING.NOT_FOUND' });

    // Malformed lists, another village's committee and a cadre are refused.
    const malformed = await t.api(
      'POST',
      meetingsPath,
      meeting([objected, objected], {
        households: [
          { caseId: objected, outcome: 'rejected' },
          { caseId: objected, outcome: 'approved' },
        ],
      }),
      committee,
    );
    expect(malformed).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect(malformed.body.details).toEqual([
      expect.objectContaining({ field: 'households[0].reasonCode', rule: 'required' }),
      expect.objectContaining({ field: 'households', rule: 'distinct' }),
    ]);
    expect(
      (await t.api('POST', meetingsPath, meeting(cases.slice(0, 5)), otherCommittee)).body,
    ).toMatchObject({ code: 'DIVISION.UNKNOWN' });
    expect((await t.api('POST', meetingsPath, meeting(cases.slice(0, 5)), cadre)).status).toBe(403);
    // A single task completed by hand cannot claim a meeting.
    const claimed = await t.api(
      'POST',
      `/v1/cases/${objected}/tasks/democratic-appraisal-1`,
      { ...standardForms['democratic-appraisal']!.body, meetingId: 'XBC-2026-12-1' },
      committee,
    );
    expect(claimed).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });

    // The sixth household reaches the appraisal too; the meeting approves five and rejects it.
    await verify(late);
    const form = meeting(cases.slice(0, 5), {
      households: [
        ...cases.slice(0, 5).map((caseId) => ({ caseId, outcome: 'approved' })),
        { caseId: late, outcome: 'rejected', reasonCode: 'INCOME_ABOVE_LINE' },
      ],
    });
    const held = await t.api<VillageMeeting>('POST', meetingsPath, form, committee);
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({
      villageCode,
      village: '西北岔村',
      township: '蚂蚁河乡',
      meetingId: 'XBC-2026-12-1',
      purpose: 'inclusion',
      heldOn: '2026-12-07',
      attendees: 23,
      notice: { place: '西北岔村村务公开栏' },
    });
    expect(held.body.households.map((h) => [h.caseId, h.outcome, h.handedOver])).toEqual([
      ...cases.slice(0, 5).map((caseId) => [caseId, 'approved', 'recorded']),
      [late, 'rejected', 'recorded'],
    ]);

    // One notice: the five approved are in it together, ending at the same moment (to the second).
    const inNotice: CaseSummary[] = await Promise.all(
      cases.slice(0, 5).map((c) => t.waitForCase(c, (s) => s.stage === 'PUBLIC_NOTICE')),
    );
    const ends = inNotice.map((s) => Date.parse(s.noticeEndsAt!));
    expect(Math.max(...ends) - Math.min(...ends)).toBeLessThan(1000);
    await t.waitForCase(late, (s) => s.stage === 'EXCLUDED');
    const during = await meetingWhen(
      township,
      (m) => m.households.filter((h) => h.stage === 'PUBLIC_NOTICE').length === 5,
    );
    expect(during.notice.endsAt).not.toBeNull();
    expect(Math.abs(Date.parse(during.notice.endsAt!) - Math.max(...ends))).toBeLessThan(1000);

    // The same meeting again changes nothing; the same id with another list is refused.
    const again = await t.api<VillageMeeting>('POST', meetingsPath, form, committee);
    expect(again.status).toBe(200);
    expect(again.body.households.map((h) => h.handedOver)).toEqual(Array(6).fill('recorded'));
    const changed = await t.api('POST', meetingsPath, { ...form, attendees: 24 }, committee);
    expect(changed).toMatchObject({ status: 409, body: { code: 'MEETING.CONFLICT' } });
    expect(
      await t.count(
        `SELECT 1 FROM case_events WHERE case_id = ANY($1) AND kind = 'democratic-appraisal'
           AND detail->>'meetingId' = 'XBC-2026-12-1'`,
        [cases],
      ),
    ).toBe(6);

    // An objection against one household, upheld by the township: that household alone goes back.
    const lodged = await t.api(
      'POST',
      `/v1/cases/${objected}/objections`,
      { objectionId: 'OBJ-XBC-1', groundsCode: 'INCOME_UNDERSTATED' },
      committee,
    );
    expect(lodged.status).toBe(200);
    const review = { kind: 'objection-review', upheld: true, reasonCode: 'INCOME_UNDERSTATED' };
    expect(
      (await t.api('POST', `/v1/cases/${objected}/tasks/objection-review-1`, review, township))
        .status,
    ).toBe(200);
    const back = await t.waitForCase(objected, (s) => s.stage === 'VILLAGE_VERIFICATION', 30_000);
    expect(back.openTask).toMatchObject({ taskId: 'village-verification-2' });
    await replayAndRecord(
      (await t.client()).workflow.getHandle(objected),
      'village-meeting-then-objection-upheld',
    );
    for (const caseId of others) {
      const on = await t.waitForCase(caseId, (s) => s.stage === 'TOWNSHIP_VERIFICATION', 30_000);
      expect(on.objectionIds).toEqual([]);
    }

    // The meeting tells where each household of its list stands now.
    const after = await meetingWhen(committee, (m) =>
      m.households.every((h) => h.stage !== 'PUBLIC_NOTICE'),
    );
    expect(after.households.map((h) => h.stage)).toEqual([
      'VILLAGE_VERIFICATION',
      ...others.map(() => 'TOWNSHIP_VERIFICATION'),
      'EXCLUDED',
    ]);
    expect(after.notice.endsAt).toBeNull();
    const page = await t.api<{ meetings: { meetingId: string; households: number }[] }>(
      'GET',
      meetingsPath,
      undefined,
      township,
    );
    expect(page.body.meetings).toEqual([
      expect.objectContaining({ meetingId: 'XBC-2026-12-1', households: 6 }),
    ]);
  });

  it('lets the committee hold the meeting in the console: one list, one outcome each', async () => {
    const cases = await Promise.all(['赵七', '钱八'].map((n) => openCase(n, otherVillage)));
    await Promise.all(cases.map((c) => verify(c, otherVillage)));
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await signedInPage(browser, t.apiUrl, await t.person(otherCommittee));
      await page.getByRole('navigation', { name: '主菜单' }).getByText('村民代表会议').click();
      await page.waitForURL(/\/meetings$/);
      const list = page.locator('[data-waiting]');
      // Both households, in the order their cases reached the appraisal.
      await visible(list.getByRole('row').filter({ hasText: '赵七' }));
      await visible(list.getByRole('row').filter({ hasText: '钱八' }));
      // 钱八 is not agreed: the reason goes with it.
      await list.getByRole('row').filter({ hasText: '钱八' }).locator('.el-select').click();
      await page.getByRole('option', { name: '不同意', exact: true }).click();
      await page.getByLabel('钱八 不同意理由').fill('INCOME_ABOVE_LINE');
      await page.locator('[data-field="attendees"] input').fill('19');
      await page.locator('[data-submit]').click();
      const held = page.locator('[data-held]');
      await visible(held);
      await shows(held, '2 户', 'contains');
      const rowOf = (name: string) => held.getByRole('row').filter({ hasText: name });
      const cells = (name: string) =>
        rowOf(name)
          .getByRole('cell')
          .allInnerTexts()
          .then((texts) => texts.map((text) => text.trim()));
      await visible(rowOf('钱八'));
      expect(await cells('赵七')).toEqual(['赵七', '同意', '已记入', '村级公示']);
      expect(await cells('钱八')).toEqual(['钱八', '不同意', '已记入', '未纳入']);
      // The list is empty now; the meeting is among the village's meetings.
      await shows(list, '没有待评议的农户', 'contains');
      const latest = page.locator('[data-meetings]').getByRole('row').nth(1).getByRole('cell');
      await shows(latest.nth(2), '拟纳入');
      await shows(latest.nth(3), '2');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    } finally {
      await browser?.close();
    }
    await t.waitForCase(cases[0]!, (s) => s.stage === 'PUBLIC_NOTICE');
    await t.waitForCase(cases[1]!, (s) => s.stage === 'EXCLUDED');
  });

  it('appraises the assistance plan in a meeting: rejected, the city revises it; approved, it is posted', async () => {
    const planVillage = '220681200203'; // 小湖村
    const planCommittee: AccountSpec = { role: 'village-committee', divisionCode: planVillage };
    const city: AccountSpec = { role: 'city-bureau', divisionCode: '220681' };
    const posted = await t.postAlert({ villageCode: planVillage, name: '孙九' });
    const caseId = posted.body.caseId;
    await t.reachCityDetermination(caseId, 90_000);
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    await t.waitForCase(caseId, (s) => s.openTask?.taskId === 'assistance-plan-1', 60_000);
    const adopt = async (taskId: string, measureId: string) => {
      const plan = {
        ...assistancePlan,
        measures: assistancePlan.measures.map((m) => ({ ...m, measureId })),
      };
      const done = await t.api('POST', `/v1/cases/${caseId}/tasks/${taskId}`, plan, city);
      expect(done.status).toBe(200);
      await t.waitForCase(caseId, (s) => s.stage === 'MONITORING');
    };
    await adopt('assistance-plan-1', 'M-PLAN-1');

    /** The plans waiting for the committee's appraisal in the village, once the case shows. */
    const plansWaiting = (present: boolean) =>
      waitUntil(`the plan ${present ? 'on' : 'off'} the list`, async () => {
        const list = await t.api<{ households: { caseId: string; taskId: string }[] }>(
          'GET',
          `/v1/villages/${planVillage}/appraisals/waiting?purpose=plan`,
          undefined,
          planCommittee,
        );
        const found = list.body.households.find((h) => h.caseId === caseId);
        return (found !== undefined) === present ? (found ?? null) : undefined;
      });
    expect(await plansWaiting(true)).toMatchObject({ taskId: 'plan-1' });

    const planMeeting = (meetingId: string, outcome: string, reason?: string) => ({
      meetingId,
      purpose: 'plan',
      heldOn: '2026-12-07',
      place: '小湖村村委会',
      attendees: 17,
      noticePlace: '小湖村村务公开栏',
      households: [{ caseId, outcome, ...(reason ? { reasonCode: reason } : {}) }],
    });
    const path = `/v1/villages/${planVillage}/meetings`;
    // Rejected: the city bureau reviews the plan (a new plan task), the measures go on meanwhile.
    const rejected = await t.api<VillageMeeting>(
      'POST',
      path,
      planMeeting('XH-PLAN-1', 'rejected', 'MEASURE_UNSUITED'),
      planCommittee,
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body.households).toEqual([
      expect.objectContaining({ caseId, outcome: 'rejected', handedOver: 'recorded' }),
    ]);
    const review = await t.waitForCase(
      caseId,
      (s) => s.openTasks.some((task) => task.taskId === 'assistance-plan-2'),
      30_000,
    );
    expect(review.openTasks.map((task) => task.taskId)).toContain('measure-M-PLAN-1');
    await plansWaiting(false);
    // The same meeting again changes nothing; the plan cannot be appraised twice.
    expect(
      (
        await t.api(
          'POST',
          path,
          planMeeting('XH-PLAN-1', 'rejected', 'MEASURE_UNSUITED'),
          planCommittee,
        )
      ).status,
    ).toBe(200);

    await adopt('assistance-plan-2', 'M-PLAN-2');
    expect(await plansWaiting(true)).toMatchObject({ taskId: 'plan-2' });
    const approved = await t.api<VillageMeeting>(
      'POST',
      path,
      planMeeting('XH-PLAN-2', 'approved'),
      planCommittee,
    );
    expect(approved.body.households).toEqual([
      expect.objectContaining({
        caseId,
        outcome: 'approved',
        handedOver: 'recorded',
        stage: 'MONITORING',
      }),
    ]);
    await plansWaiting(false);
    const steps = await t.db.query<{ step_id: string; detail: Record<string, unknown> }>(
      `SELECT step_id, detail FROM case_events WHERE case_id = $1 AND kind = 'plan-appraisal'
       ORDER BY id`,
      [caseId],
    );
    expect(steps.rows).toEqual([
      {
        step_id: 'plan-appraisal-1',
        detail: expect.objectContaining({
          planNo: 1,
          outcome: 'rejected',
          reasonCode: 'MEASURE_UNSUITED',
          meetingId: 'XH-PLAN-1',
          noticeEndsAt: null,
        }),
      },
      {
        step_id: 'plan-appraisal-2',
        detail: expect.objectContaining({
          planNo: 2,
          outcome: 'approved',
          meetingId: 'XH-PLAN-2',
          noticePlace: '小湖村村务公开栏',
          noticeEndsAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        }),
      },
    ]);
    // The plan review's reason is in the case's history; the plan's own appraisal was recorded once.
    await replayAndRecord(
      (await t.client()).workflow.getHandle(caseId),
      'plan-rejected-by-village-meeting-then-approved',
    );
  });
});
