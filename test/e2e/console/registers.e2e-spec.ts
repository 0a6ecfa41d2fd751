import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

import type { DashboardView } from '@fanpin/contracts';

import { accountOf } from '../../contract/scenario';
import { expectAccessible, screenshot, shows, suiteBrowser, visible } from '../../support/browser';
import { committeeOf, departmentOf, officerOf } from '../../support/accounts';
import { policyEnv, standardForms, suiteSystem, waitUntil } from '../../support/harness';
import { newResidentId, uniqueId } from '../../support/records';
import { readWorkbook, sheetNamed, sheetTexts } from '../../support/workbook';

/**
 * Where this suite's households live: townships no other suite puts any in. Suites share the run's
 * database but each system has its own PII key, so a list that names households of another suite's
 * system cannot be read by this one. 苇沙河村 of 苇沙河镇, and 东光村 of 兴隆街道.
 */
const ownVillage = '220681102200';
const ownTownship = '220681102';
const otherVillage = '220681003200';
const otherTownship = '220681003';
const officerSpec = officerOf(ownTownship);
const committeeSpec = committeeOf(ownVillage);
const propaganda = departmentOf('propaganda');
const TEMPORAL_UI = 'http://temporal-ui.test:8233';

/**
 * The console's read pages: the register (监测对象台账) a township keeps and exports, the village's
 * public notice printed for its board (and what it must never print), the supervisors' dashboard
 * with its way into the Temporal Web UI, the measures and the audit log. Cases are put in place
 * through the API; what is tested is what the pages show.
 */
describe('the staff console, registers, notices and the dashboard', () => {
  const t = suiteSystem('console-registers', {
    api: {
      // A village verification left alone is overdue at once; the notice runs long enough to
      // be printed, and the half-month report does not hold a case up.
      ...policyEnv({
        VILLAGE_VERIFICATION_DEADLINE: '1s',
        NOTICE_PERIOD: '14s',
        REPORT_CUTOFF: '1s',
      }),
      TEMPORAL_UI_URL: TEMPORAL_UI,
    },
  });
  const pages = suiteBrowser(t);

  /** A case of this village opened by a bureau's alert, for a head of this name. */
  const newCase = (villageCode: string, name: string, residentId = newResidentId()) =>
    t.caseAt('VILLAGE_VERIFICATION', {
      alertId: uniqueId('HEALTH'),
      villageCode,
      name,
      residentId,
    });

  /** Through the village's verification and appraisal: the case's public notice runs. */
  async function intoNotice(caseId: string) {
    for (const kind of ['village-verification', 'democratic-appraisal']) {
      const s = await t.waitForCase(caseId, (c) => c.openTask?.kind === kind, 30_000);
      const form = standardForms[kind]!;
      const done = await t.api(
        'POST',
        `/v1/cases/${caseId}/tasks/${s.openTask!.taskId}`,
        form.body,
        form.as(s.divisions),
      );
      expect(done.status).toBe(200);
    }
    return t.waitForCase(caseId, (s) => s.stage === 'PUBLIC_NOTICE');
  }

  /** To inclusion by the city bureau, as a marginal household: its plan awaited. */
  async function included(villageCode: string, name: string) {
    const summary = await t.caseAt(
      'ASSISTANCE_PLANNING',
      { alertId: uniqueId('HEALTH'), villageCode, name },
      110_000,
    );
    const { caseId } = summary;
    // The register is read model: the household is in it a moment after the decision.
    await waitUntil(`${caseId} in the register`, async () => {
      const page = await t.api<{ households: { caseId: string }[] }>(
        'GET',
        `/v1/registers/households?villageCode=${villageCode}&limit=200`,
        undefined,
        accountOf('city-bureau'),
      );
      return page.body.households.some((h) => h.caseId === caseId) || undefined;
    });
    return summary;
  }

  /** What the register page lists now: its heads' names. */
  async function registerNames(page: Page): Promise<string[]> {
    await page.locator('[data-register] .el-table__body').first().waitFor();
    await page.waitForLoadState('networkidle');
    return page.locator('[data-register] [data-case-link]').allInnerTexts();
  }

  let mine: Awaited<ReturnType<typeof included>>;
  let theirs: Awaited<ReturnType<typeof included>>;
  let inNotice: Awaited<ReturnType<typeof intoNotice>>;
  let overdue: Awaited<ReturnType<typeof newCase>>;
  const noticeHead = { name: '王秀英', residentId: newResidentId() };
  let setUp: Promise<void>;
  let watching: Page;

  it('prints the village’s public notice without an ID number or a phone', async () => {
    // The included cases walk on in the background while the notice is printed.
    const walks = Promise.all([included(ownVillage, '张桂兰'), included(otherVillage, '李德山')]);
    setUp = walks.then(([a, b]) => {
      mine = a;
      theirs = b;
    });
    setUp.catch(() => undefined);
    let committee: Page;
    [overdue, inNotice, committee] = await Promise.all([
      newCase(ownVillage, '赵春生'),
      newCase(ownVillage, noticeHead.name, noticeHead.residentId).then((c) => intoNotice(c.caseId)),
      pages.signedIn(committeeSpec),
    ]);

    // From the menu: 公示公告, the committee's own village chosen already.
    await committee.getByRole('navigation', { name: '主菜单' }).getByText('公示公告').click();
    await committee.locator('[data-notice-link]').click();
    await committee.waitForURL(/\/villages\/\d{12}\/notice\?purpose=inclusion$/);
    const notice = committee.locator('[data-notice]');
    await visible(notice.locator('[data-household]', { hasText: noticeHead.name }));
    await shows(notice.locator('h1'), '关于苇沙河村防止返贫监测对象（拟纳入）的公示');
    await visible(committee.getByRole('button', { name: '打印' }));
    await expectAccessible(committee, 'notice');

    const pdf = await committee.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const printed = textOfPdf(pdf);
    expect(printed).toContain(noticeHead.name);
    const period = await notice.locator('[data-period]').innerText();
    expect(period).toMatch(/^公示期：\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日。$/);
    expect(printed.replace(/\s+/g, '')).toContain(period.replace(/\s+/g, ''));
    expect(printed).not.toContain(noticeHead.residentId);
    expect(printed).not.toMatch(/\d{17}[\dX]/);
    expect(printed).not.toMatch(/1[3-9]\d{9}/);
    expect(printed).not.toMatch(/身份证|电话|手机|疾病|残疾/);
    expect(printed.replace(/\s+/g, '')).toContain('苇沙河村民委员会（盖章）');
    // As printed on A4 (794 px wide at 96 dpi): the sheet alone, no menu, no buttons.
    await committee.setViewportSize({ width: 794, height: 1123 });
    await committee.emulateMedia({ media: 'print' });
    expect(await committee.getByRole('navigation', { name: '主菜单' }).isVisible()).toBe(false);
    expect(await committee.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    await screenshot(committee, 'notice-print.png');
    await committee.emulateMedia({ media: 'screen' });
    await committee.setViewportSize({ width: 1366, height: 768 });

    // The case file leads to the same notice.
    await committee.goto(`${t.apiUrl}/cases/${inNotice.caseId}`);
    await committee.getByRole('link', { name: '拟纳入公示' }).click();
    await visible(committee.locator('[data-household]', { hasText: noticeHead.name }));
  });

  it('shows supervisors the overdue case, with its way into the Temporal Web UI', async () => {
    await t.waitForCase(overdue.caseId, (s) =>
      s.openTasks.some((task) => task.taskId === 'village-verification-1'),
    );
    const figures = await t.api<DashboardView>('GET', '/v1/dashboard');
    expect(figures.body.temporalUi.url).toBe(TEMPORAL_UI);
    const listed = figures.body.overdueCases.find((c) => c.caseId === overdue.caseId);
    expect(listed).toBeDefined();

    const supervisor = await pages.signedIn({ role: 'supervisor' });
    await supervisor.getByRole('navigation', { name: '主菜单' }).getByText('监测统计').click();
    await supervisor.waitForURL(/\/dashboard$/);
    const caseLink = supervisor.locator(`[data-overdue-cases] a[href="/cases/${overdue.caseId}"]`);
    await visible(caseLink);
    const row = supervisor.locator('[data-overdue-cases] .el-table__row', {
      hasText: overdue.caseId,
    });
    await shows(row, '苇沙河镇', 'contains');
    await shows(row, '村级核实', 'contains');
    expect(await row.locator('[data-temporal-link]').getAttribute('href')).toBe(
      `${TEMPORAL_UI}/namespaces/${encodeURIComponent(figures.body.temporalUi.namespace)}/workflows/${overdue.caseId}/${listed!.runId}/history`,
    );
    // The township × stage table names townships, and the charts have their text alternatives.
    await shows(supervisor.locator('[data-township-table]'), '苇沙河镇', 'contains');
    const summary = await supervisor.locator('[data-chart="township"]').getAttribute('aria-label');
    expect(summary).toContain('苇沙河镇');
    expect(await supervisor.locator('[data-chart] canvas').count()).toBeGreaterThan(0);
    await expectAccessible(supervisor, 'dashboard');
    await caseLink.click();
    await supervisor.waitForURL(new RegExp(`/cases/${overdue.caseId}$`));

    // The audit log, searched by an account: the officer's sign-in is there.
    await supervisor.getByRole('navigation', { name: '主菜单' }).getByText('审计日志').click();
    await supervisor.locator('[data-filter="kind"]').click();
    await supervisor.getByRole('option', { name: '登录', exact: true }).click();
    await visible(supervisor.locator('[data-audit] .el-table__row').first());
    await shows(supervisor.locator('[data-audit] .el-table__row').first(), '登录', 'contains');
    await expectAccessible(supervisor, 'audit');

    watching = supervisor;
  });

  it('gives the township its register, filtered and as a workbook, and nothing of another', async () => {
    await setUp;
    const officer = await pages.signedIn(officerSpec);
    await officer.getByRole('navigation', { name: '主菜单' }).getByText('监测对象台账').click();
    await officer.waitForURL(/\/registers$/);
    let names = await registerNames(officer);
    expect(names).toContain('张桂兰');
    expect(names).not.toContain('李德山');
    const row = officer.locator('[data-register] .el-table__row', { hasText: '张桂兰' }).first();
    await shows(row, '苇沙河村', 'contains');
    await shows(row, '边缘易致贫户', 'contains');
    await shows(row, '因病', 'contains');
    expect(await row.innerText()).toMatch(/220681\*{8}[\dX]{4}/);

    // Filter by village and class, then export the same filters.
    await officer.locator('[data-filter="village"]').click();
    await officer.getByRole('option', { name: '苇沙河村', exact: true }).click();
    await officer.locator('[data-filter="class"]').click();
    await officer.getByRole('option', { name: '边缘易致贫户', exact: true }).click();
    names = await registerNames(officer);
    expect(names).toContain('张桂兰');
    const href = await officer.locator('[data-export]').getAttribute('href');
    expect(href).toBe(
      `/v1/registers/households.xlsx?villageCode=${ownVillage}&householdClass=marginal`,
    );
    const [download] = await Promise.all([
      officer.waitForEvent('download'),
      officer.locator('[data-export]').click(),
    ]);
    // The workbook holds what the page showed under the same filters, read as a spreadsheet reads it.
    const workbook = await readWorkbook(readFileSync(await download.path()));
    const sheet = sheetTexts(sheetNamed(workbook, '监测对象台账')).slice(2);
    expect(sheet.map((r) => r[2])).toEqual(expect.arrayContaining(names));
    expect(sheet.map((r) => r[2])).not.toContain('李德山');
    expect(sheet.every((r) => r[0] === ownVillage && r[4] === 'marginal')).toBe(true);
    expect(sheet.every((r) => /^220681\*{8}[\dX]{4}$/.test(r[3] ?? ''))).toBe(true);
    await expectAccessible(officer, 'register');
    await screenshot(officer, 'register-desktop.png');

    // The household's row opens its case file.
    await officer.locator('[data-register] [data-case-link]', { hasText: '张桂兰' }).click();
    await officer.waitForURL(new RegExp(`/cases/${mine.caseId}$`));

    // Asking for another township's households through the page's own session: none.
    const foreign = await officer.evaluate(async (code) => {
      const r = await fetch(`/v1/registers/households?townshipCode=${code}`);
      return { status: r.status, body: (await r.json()) as { households: unknown[] } };
    }, otherTownship);
    expect(foreign).toEqual({ status: 200, body: { households: [], next: null } });

    // The other township's officer, on a phone, sees its household and not ours.
    const other = await pages.signedIn(
      { role: 'township-officer', divisionCode: otherTownship },
      'phone',
    );
    await other.goto(`${t.apiUrl}/registers`);
    names = await registerNames(other);
    expect(names).toContain('李德山');
    expect(names).not.toContain('张桂兰');
    expect(theirs.divisions.townshipCode).toBe(otherTownship);
    const mineRegister = await other.evaluate(async (code) => {
      const r = await fetch(`/v1/registers/households?townshipCode=${code}`);
      return (await r.json()) as { households: unknown[] };
    }, ownTownship);
    expect(mineRegister.households).toEqual([]);
    await screenshot(other, 'register-phone.png');
  });

  it('lists a lead department’s measures, each open one leading to its task', async () => {
    const city = accountOf('city-bureau');
    await t.waitForCase(mine.caseId, (s) => s.openTask?.taskId === 'assistance-plan-1', 30_000);
    const plan = await t.api(
      'POST',
      `/v1/cases/${mine.caseId}/tasks/assistance-plan-1`,
      {
        kind: 'assistance-plan',
        measures: [
          {
            measureId: 'M-MOTIVATION',
            kind: 'motivation',
            measureCode: 'CIVIC_CAMPAIGN',
            leadDepartment: 'propaganda',
            responsibleDepartments: [],
            dueOn: '2027-03-31',
          },
        ],
        announcedOn: '2026-11-30',
      },
      city,
    );
    expect(plan.status).toBe(200);
    await t.waitForCase(mine.caseId, (s) =>
      s.openTasks.some((k) => k.taskId === 'measure-M-MOTIVATION'),
    );

    const department = await pages.signedIn(propaganda);
    await department.getByRole('navigation', { name: '主菜单' }).getByText('帮扶措施').click();
    await shows(department.locator('h1'), '市委宣传部的帮扶措施');
    const link = department.locator(
      `[data-measures] a[href="/cases/${mine.caseId}/tasks/measure-M-MOTIVATION"]`,
    );
    for (let tries = 0; tries < 20 && (await link.count()) === 0; tries++) {
      await department.waitForTimeout(500);
      await department.reload();
      await department.waitForLoadState('networkidle');
    }
    await visible(link);
    await shows(
      department.locator('[data-measures] .el-table__row', {
        has: department.locator(`a[href="/cases/${mine.caseId}/tasks/measure-M-MOTIVATION"]`),
      }),
      '扶志扶智',
      'contains',
    );
    await expectAccessible(department, 'measures');

    // The dashboard, now that households are included, for the README.
    await watching.goto(`${t.apiUrl}/dashboard`);
    await visible(watching.locator('[data-chart="township"] canvas'));
    await screenshot(watching, 'dashboard-desktop.png');
    const phone = await pages.signedIn({ role: 'supervisor' }, 'phone');
    await phone.goto(`${t.apiUrl}/dashboard`);
    await visible(phone.locator('[data-chart="township"] canvas'));
    await screenshot(phone, 'dashboard-phone.png');
  });
});

/** The text of a PDF, as poppler's pdftotext reads it. */
function textOfPdf(pdf: Buffer): string {
  const file = path.join(process.env.FANPIN_TEST_LOG_DIR ?? '.data', `notice-${Date.now()}.pdf`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}
