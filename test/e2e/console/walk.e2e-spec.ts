import type { Locator, Page } from 'playwright-core';

import type { CaseSummaryView, Role } from '@fanpin/contracts';

import { Scenario, accountOf, township, village } from '../../contract/scenario';
import { expectAccessible, screenshot, shows, suiteBrowser, visible } from '../../support/browser';
import { policyEnv, suiteSystem } from '../../support/harness';
import { uniqueId } from '../../support/records';

/**
 * One household carried through the procedure in the staff console alone, each role signing in to
 * its own page and completing its task from the inbox: the forms are the pages' own, checked by the
 * definition the API checks, in Chinese. Only the bureau's alert comes in through the API, as a
 * bureau's system sends it.
 */
describe('the staff console, one case through the pages', () => {
  const t = suiteSystem('console-walk', {
    // Long enough a notice for a member of staff to record an objection through the page.
    api: policyEnv({ NOTICE_PERIOD: '12s', REPORT_CUTOFF: '2s', FOLLOW_UP_INTERVAL: '2s' }),
  });
  const pages = suiteBrowser(t);
  const s = new Scenario(t);
  /** A case brought to the township's re-verification through the API while the walk runs. */
  let atTownship: Promise<string>;

  beforeAll(() => {
    atTownship = t
      .caseAt('TOWNSHIP_VERIFICATION', { alertId: uniqueId('HEALTH'), villageCode: village })
      .then(({ caseId }) => caseId);
    atTownship.catch(() => undefined);
  });

  const field = (page: Page, name: string): Locator => page.locator(`[data-field="${name}"]`);

  async function choose(page: Page, name: string, option: string): Promise<void> {
    await field(page, name).locator('.el-select').click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  async function openTaskFromInbox(
    page: Page,
    caseId: string,
    taskId: string,
    inboxShot?: string,
  ): Promise<void> {
    // The inbox is read model: the task reaches it a moment after the case opens it.
    const link = page.locator(`a[href="/cases/${caseId}/tasks/${taskId}"]`);
    for (let tries = 0; tries < 30 && (await link.count()) === 0; tries++) {
      await page.goto(`${t.apiUrl}/inbox`);
      await page.waitForLoadState('networkidle');
      if ((await link.count()) === 0) await page.waitForTimeout(500);
    }
    if (inboxShot) await screenshot(page, inboxShot);
    await link.filter({ visible: true }).first().click();
    await page.getByRole('button', { name: '提交' }).waitFor();
  }

  async function submitAndExpectDone(page: Page): Promise<void> {
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/inbox$/, { timeout: 15_000 }).catch(async (error: Error) => {
      // What the page says is what a person would read: it goes into the failure.
      await screenshot(page, 'failed-submit.png');
      const said = await page.locator('.el-form-item__error, [role="alert"]').allInnerTexts();
      throw new Error(
        `${page.url()} did not go back to the inbox; it says ${JSON.stringify(said)}: ${error.message}`,
      );
    });
  }

  const summaryOf = async (caseId: string) =>
    (await t.api<CaseSummaryView>('GET', `/v1/cases/${caseId}`)).body;

  it('takes a bureau alert to inclusion, an assistance plan and the first visit', async () => {
    const { caseId } = await t.caseAt('VILLAGE_VERIFICATION', {
      alertId: uniqueId('HEALTH'),
      villageCode: village,
    });

    // 村级核实: the cadre first submits an empty form and reads what is missing, in Chinese.
    // The cadre works on a phone, in the field.
    const cadre = await pages.signedIn(accountOf('village-cadre'), 'phone');
    await openTaskFromInbox(cadre, caseId, 'village-verification-1', 'inbox-phone.png');
    await screenshot(cadre, 'task-form-phone.png');
    await cadre.getByRole('button', { name: '提交' }).click();
    await shows(field(cadre, 'outcome').locator('.el-form-item__error'), '必填');
    await shows(field(cadre, 'incomePerCapita').locator('.el-form-item__error'), '必填');
    expect((await summaryOf(caseId)).stage).toBe('VILLAGE_VERIFICATION');

    await field(cadre, 'outcome').getByText('拟纳入监测').click();
    await field(cadre, 'incomePerCapita').locator('input').fill('4200');
    await field(cadre, 'lastYearIncomePerCapita').locator('input').fill('7800');
    await field(cadre, 'rigidExpenses').locator('input').fill('36000');
    for (const secured of ['不愁吃', '不愁穿', '义务教育有保障', '住房安全有保障']) {
      await cadre.getByText(secured, { exact: true }).click();
    }
    await field(cadre, 'labourCapacity').getByText('弱劳动能力').click();
    await field(cadre, 'triggers').getByText('2 因病支出骤增').click();
    await cadre.getByText('农户已签署承诺授权书').click();
    // A rule between fields, from the definition: nominating needs the commitment's date.
    await cadre.getByRole('button', { name: '提交' }).click();
    await shows(
      field(cadre, 'commitmentSignedOn').locator('.el-form-item__error'),
      '拟纳入监测时必填',
    );
    const dateInput = field(cadre, 'commitmentSignedOn').locator('input');
    await dateInput.fill('2026-12-01');
    await dateInput.press('Enter');
    await submitAndExpectDone(cadre);
    const verified = await t.waitForCase(caseId, (s) => s.stage === 'DEMOCRATIC_APPRAISAL');
    expect(verified.completedTaskIds).toContain('village-verification-1');

    // 民主评议 by the village committee.
    const committee = await pages.signedIn(accountOf('village-committee'));
    await openTaskFromInbox(committee, caseId, 'democratic-appraisal-1', 'inbox-desktop.png');
    await screenshot(committee, 'task-form-desktop.png');
    await field(committee, 'outcome').getByText('通过', { exact: true }).click();
    await submitAndExpectDone(committee);

    /** The task's form, opened from the inbox by whoever does it, once the case has opened it. */
    const openWhenDue = async (role: Role, taskId: string): Promise<Page> => {
      await t.waitForCase(caseId, (s) => s.openTask?.taskId === taskId, 30_000);
      const page = await pages.signedIn(accountOf(role));
      await openTaskFromInbox(page, caseId, taskId);
      return page;
    };

    // 乡镇复核, once the notice has run.
    const officer = await openWhenDue('township-officer', 'township-verification-1');
    await field(officer, 'outcome').getByText('复核通过').click();
    await field(officer, 'riskTypes').getByText('因病').click();
    await field(officer, 'ledgerEntry').locator('input').fill('TZ-2026-0101');
    await submitAndExpectDone(officer);

    // 市级认定 and the assistance plan by the city bureau.
    const city = await openWhenDue('city-bureau', 'determination-1');
    await field(city, 'include').locator('label').click();
    await field(city, 'householdClass').getByText('边缘易致贫户').click();
    await submitAndExpectDone(city);

    await t.waitForCase(caseId, (s) => s.openTask?.kind === 'assistance-plan', 60_000);
    const planTask = (await summaryOf(caseId)).openTask!.taskId;
    await openTaskFromInbox(city, caseId, planTask);
    await field(city, 'measures[0].measureId').locator('input').fill('M-1');
    await choose(city, 'measures[0].kind', '就业帮扶');
    await field(city, 'measures[0].measureCode').locator('input').fill('PUBLIC_WELFARE_JOB');
    await choose(city, 'measures[0].leadDepartment', '市人社局');
    await submitAndExpectDone(city);

    const monitored = await t.waitForCase(caseId, (s) => s.stage === 'MONITORING', 30_000);
    expect(monitored.openTasks.map((task) => task.taskId)).toContain('measure-M-1');
    expect(monitored.householdClass).toBe('marginal');

    // 定期回访: the cadre's first follow-up visit.
    await t.waitForCase(
      caseId,
      (s) => s.openTasks.some((task) => task.kind === 'follow-up-visit'),
      30_000,
    );
    await openTaskFromInbox(cadre, caseId, 'follow-up-visit-1');
    await field(cadre, 'householdSize').locator('input').fill('3');
    await field(cadre, 'incomePerCapita').locator('input').fill('9600');
    await field(cadre, 'rigidExpenses').locator('input').fill('3000');
    for (const secured of [
      '不愁吃',
      '不愁穿',
      '义务教育有保障',
      '基本医疗有保障',
      '住房安全有保障',
      '饮水安全有保障',
    ]) {
      await cadre.getByText(secured, { exact: true }).click();
    }
    await field(cadre, 'labourCapacity').getByText('有劳动能力').click();
    await field(cadre, 'stability').getByText('稳定', { exact: true }).click();
    await submitAndExpectDone(cadre);
    const visited = await t.waitForCase(caseId, (s) =>
      s.completedTaskIds.includes('follow-up-visit-1'),
    );
    expect(visited.stage).toBe('MONITORING');

    // The case file shows where it stands and how it got there.
    await city.goto(`${t.apiUrl}/cases/${caseId}`);
    await visible(city.getByRole('heading', { name: '当前环节：监测帮扶中' }));
    await visible(city.getByText('边缘易致贫户'));
    await visible(city.getByRole('heading', { name: '家庭成员（1 人）' }));
    await screenshot(city, 'case-file-desktop.png');
  });

  it('records an objection during the notice; upheld, the case goes back to the village', async () => {
    const officer = await pages.signedIn(accountOf('township-officer'));
    const { caseId } = await s.caseInNotice();
    await officer.goto(`${t.apiUrl}/cases/${caseId}`);
    await officer.getByRole('button', { name: '登记公示异议' }).click();
    await officer.getByRole('dialog').locator('.el-select').click();
    await officer.getByRole('option', { name: '收入少报' }).click();
    await officer.getByRole('button', { name: '登记', exact: true }).click();
    const objected = await t.waitForCase(caseId, (c) =>
      c.openTasks.some((task) => task.kind === 'objection-review'),
    );
    expect(objected.objectionIds).toHaveLength(1);
    const review = objected.openTasks.find((task) => task.kind === 'objection-review')!;

    await openTaskFromInbox(officer, caseId, review.taskId);
    await officer.getByText('异议成立', { exact: true }).click();
    await field(officer, 'reasonCode').locator('input').fill('INCOME_UNDERSTATED');
    await submitAndExpectDone(officer);
    const back = await t.waitForCase(
      caseId,
      (c) => c.openTask?.taskId === 'village-verification-2',
      30_000,
    );
    expect(back.stage).toBe('VILLAGE_VERIFICATION');
    await officer.goto(`${t.apiUrl}/cases/${caseId}`);
    await visible(officer.getByText('异议成立'));
  });

  it('records emergency relief for a household in sudden hardship, and the city fast-tracks it', async () => {
    const officer = await pages.signedIn(accountOf('township-officer'));
    const { caseId } = await s.newCase();
    await officer.goto(`${t.apiUrl}/cases/${caseId}`);
    await officer.getByRole('button', { name: '登记急难救助' }).click();
    const dialog = officer.getByRole('dialog', { name: '登记急难救助' });
    await dialog.getByLabel('救助金额（元）').fill('2500');
    // The reason is the dialog's own choice, below the relief's kind.
    await dialog.locator('.el-select').last().click();
    await officer.getByRole('option', { name: '突患重病' }).click();
    await dialog.getByRole('button', { name: '登记', exact: true }).click();
    const granted = await t.waitForCase(caseId, (c) => (c.reliefs ?? []).length === 1);
    expect(granted.reliefs).toEqual([
      expect.objectContaining({
        kind: 'emergency-relief',
        amount: 2500,
        reasonCode: 'SUDDEN_ILLNESS',
      }),
    ]);
    expect(granted.stage).toBe('VILLAGE_VERIFICATION');
    await visible(officer.getByText('急难救助', { exact: true }));
    // The township does not fast-track; the city bureau does, from the same page.
    expect(await officer.getByRole('button', { name: '快速认定' }).count()).toBe(0);

    const city = await pages.signedIn(accountOf('city-bureau'));
    await city.goto(`${t.apiUrl}/cases/${caseId}`);
    await city.getByRole('button', { name: '快速认定' }).click();
    await city.getByRole('dialog', { name: '快速认定' }).locator('.el-select').click();
    await city.getByRole('option', { name: '突发严重困难，需及时认定' }).click();
    await city.getByRole('button', { name: '确认快速认定' }).click();
    await t.waitForCase(caseId, (c) => c.fastTrack === true);
    await visible(city.getByText('快速认定', { exact: true }));
    await expectAccessible(city);
  });

  it('a township officer rejects at re-verification, signing in again over a half-filled form', async () => {
    const caseId = await atTownship;
    await t.waitForCase(caseId, (c) => c.openTask?.taskId === 'township-verification-1', 30_000);
    const account = await t.person(accountOf('township-officer'));
    const officer = await pages.signedInAs(account);
    await openTaskFromInbox(officer, caseId, 'township-verification-1');
    await field(officer, 'outcome').getByText('复核不通过').click();
    await field(officer, 'ledgerEntry').locator('input').fill('TZ-2026-0102');
    await officer.getByRole('button', { name: '提交' }).click();
    // Rejecting needs a reason, as the definition says, in the page's words.
    await shows(
      field(officer, 'reasonCode').locator('.el-form-item__error'),
      '选择此结论时必须填写',
    );

    // Signed out elsewhere while the form is open: the page asks for the password over the form,
    // keeps what was filled in, and sends it once signed in again.
    const elsewhere = await t.http<{ accessToken: string }>(
      'api',
      'POST',
      '/v1/auth/login',
      account,
    );
    const signedOut = await t.http('api', 'POST', '/v1/auth/logout', undefined, undefined, {
      authorization: `Bearer ${elsewhere.body.accessToken}`,
    });
    expect(signedOut.status).toBe(204);
    await field(officer, 'reasonCode').locator('input').fill('NO_RISK');
    await officer.getByRole('button', { name: '提交' }).click();
    const dialog = officer.getByRole('dialog', { name: '登录已过期' });
    await visible(dialog);
    expect((await summaryOf(caseId)).stage).toBe('TOWNSHIP_VERIFICATION');
    await dialog.getByLabel('密码', { exact: true }).fill(account.password);
    await dialog.getByRole('button', { name: '重新登录' }).click();
    await officer.waitForURL(/\/inbox$/);
    const excluded = await t.waitForCase(caseId, (c) => c.stage === 'EXCLUDED');
    expect(excluded.completedTaskIds).toContain('township-verification-1');
  });

  it('lets a cadre sign in, open a task and verify a household with the keyboard alone', async () => {
    const { caseId } = await s.newCase();
    const account = await t.person(accountOf('village-cadre'));
    const cadre = await (await pages.context()).newPage();
    const keys = cadre.keyboard;

    /** Presses Tab until the focus is on (or inside) `target`, as a person would. */
    async function tabTo(target: Locator, limit = 120): Promise<void> {
      const focused = target.first().and(cadre.locator(':focus-within'));
      for (let presses = 0; presses < limit; presses++) {
        await keys.press('Tab');
        if ((await focused.count()) > 0) return;
      }
      throw new Error(`${target.toString()} not reached with ${limit} presses of Tab`);
    }

    await cadre.goto(`${t.apiUrl}/sign-in`);
    await tabTo(cadre.getByLabel('账号'));
    await keys.type(account.accountId);
    await tabTo(cadre.getByLabel('密码', { exact: true }));
    await keys.type(account.password);
    await keys.press('Enter');
    await cadre.waitForURL((url: URL) => !url.pathname.startsWith('/sign-in'));

    const link = cadre.locator(`a[href="/cases/${caseId}/tasks/village-verification-1"]`);
    for (let tries = 0; tries < 30 && (await link.count()) === 0; tries++) {
      await cadre.goto(`${t.apiUrl}/inbox`);
      await cadre.waitForLoadState('networkidle');
      if ((await link.count()) === 0) await cadre.waitForTimeout(500);
    }
    await tabTo(link.filter({ visible: true }));
    await keys.press('Enter');
    await cadre.getByRole('button', { name: '提交' }).waitFor();

    /** Tab reaches a radio group once; the arrow keys move the choice within it. */
    async function chooseRadio(name: string, label: string): Promise<void> {
      const wanted = field(cadre, name)
        .locator('label')
        .filter({ hasText: label })
        .locator('input');
      await tabTo(field(cadre, name).locator('[role="radiogroup"]'));
      for (let moves = 0; moves < 10 && !(await wanted.isChecked()); moves++) {
        await keys.press('ArrowDown');
      }
      expect(await wanted.isChecked()).toBe(true);
    }
    await chooseRadio('outcome', '拟纳入监测');
    for (const [name, value] of [
      ['incomePerCapita', '4300'],
      ['lastYearIncomePerCapita', '7900'],
      ['rigidExpenses', '30000'],
    ]) {
      await tabTo(field(cadre, name!).locator('input'));
      await keys.type(value!);
    }
    for (const secured of ['不愁吃', '不愁穿', '义务教育有保障', '住房安全有保障']) {
      await tabTo(cadre.locator('label').filter({ hasText: secured }).locator('input'));
      await keys.press('Space');
    }
    await chooseRadio('labourCapacity', '弱劳动能力');
    await tabTo(field(cadre, 'triggers').locator('label').filter({ hasText: '2 因病支出骤增' }));
    await keys.press('Space');
    await tabTo(
      cadre.locator('label').filter({ hasText: '农户已签署承诺授权书' }).locator('input'),
    );
    await keys.press('Space');
    await tabTo(field(cadre, 'commitmentSignedOn').locator('input'));
    await keys.type('2026-12-01');
    await keys.press('Enter');
    await tabTo(cadre.getByRole('button', { name: '提交' }));
    await keys.press('Enter');

    await cadre.waitForURL(/\/inbox$/, { timeout: 15_000 });
    const verified = await t.waitForCase(caseId, (c) => c.stage === 'DEMOCRATIC_APPRAISAL');
    expect(verified.completedTaskIds).toContain('village-verification-1');
  });

  it('keeps the township officer to the township: another township’s case is not found', async () => {
    const other = await pages.signedIn({ role: 'township-officer', divisionCode: '220681101' });
    const posted = await t.postAlert({ alertId: uniqueId('HEALTH'), villageCode: village });
    await other.goto(`${t.apiUrl}/cases/${posted.body.caseId}`);
    await shows(other.getByRole('alert'), '未找到该户档案', 'contains');
    expect(township).not.toBe('220681101');
  });
});
