import { readFileSync } from 'node:fs';

import ExcelJS from 'exceljs';

import { county, township, village } from '../../contract/scenario';
import {
  expectAccessible,
  screenshot,
  shows,
  submitSignIn,
  suiteBrowser,
  visible,
} from '../../support/browser';
import { type AccountSpec } from '../../support/accounts';
import { suiteSystem } from '../../support/harness';
import { newResidentId, uniqueId, withWrongCheckChar } from '../../support/records';

/**
 * The operations pages of the console: a sector bureau's clerk uploads a batch of alerts, watches
 * it, downloads the rejection report and reads the bureau's alerts; an administrator opens, resets
 * and disables an account. All through the pages, in Chinese; each page checked by axe.
 */
describe('the staff console, operations pages', () => {
  const t = suiteSystem('console-ops');
  const pages = suiteBrowser(t);
  const bureauClerk: AccountSpec = { role: 'sector-bureau', divisionCode: county, org: 'health' };

  /** Signs in over the page and says whether it was let in (else what the page says). */
  async function trySignIn(account: { accountId: string; password: string }): Promise<string> {
    const page = await (await pages.context()).newPage();
    try {
      await submitSignIn(page, t.apiUrl, account);
      const refused = page.locator('[role="alert"]');
      await Promise.race([
        page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
        refused.waitFor(),
      ]);
      return (await refused.count()) > 0 ? (await refused.innerText()).trim() : 'signed in';
    } finally {
      await page.context().close();
    }
  }

  it('takes a bureau clerk from an upload to the rejection report and the alerts', async () => {
    const clerk = await t.person(bureauClerk);
    const page = await pages.signedInAs(clerk);
    // The clerk's start page is the upload.
    expect(new URL(page.url()).pathname).toBe('/upload');
    await expectAccessible(page);

    const ids = [newResidentId(), newResidentId(), newResidentId(), newResidentId()];
    const alert = (n: number) => uniqueId(`OPS${n}`).toUpperCase();
    const good = [alert(1), alert(2)];
    const lines = [
      '预警编号,村代码,户主姓名,身份证号,联系电话,触发情形,人均纯收入,刚性支出',
      `${good[0]},${village},测试甲,${ids[0]},,2;5,4200,36000`,
      `${good[1]},220681100001,测试乙,${ids[1]},13912345678,2,,`,
      `${alert(3)},${village},测试丙,${withWrongCheckChar(ids[2]!)},,2,,`,
      `${alert(4)},220681999999,测试丁,${ids[3]},,2,,`,
      `${alert(5)},${village},测试戊,${newResidentId()},,,,`,
    ];
    await page.locator('#batch-file').setInputFiles({
      name: '预警批次.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
    });
    await page.getByRole('button', { name: '上传' }).click();
    const progress = page.locator('[data-batch-progress]');
    await visible(progress.and(page.locator('[data-status="done"]')), 60_000);
    const count = (name: string) => page.locator(`[data-count="${name}"]`);
    await shows(count('total'), '5');
    await shows(count('accepted'), '2');
    await shows(count('rejected'), '3');
    await shows(count('dispatched'), '2 / 2');
    // The batch id (the page's own choice) is in the address, so the batch can be watched again.
    const batchId = new URL(page.url()).searchParams.get('batch');
    expect(batchId).toMatch(/^\d{8}-\d{6}-[a-z0-9]+$/);
    await visible(page.getByRole('cell', { name: '身份证号校验不通过（GB 11643-1999）' }));
    await screenshot(page, 'upload-desktop.png');
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载退回明细（CSV）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^退回明细-.+\.csv$/);
    const report = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const rows = report
      .trim()
      .split(/\r\n/)
      .map((l) => l.split(','));
    expect(rows[0]).toEqual(['行号', '预警编号', '有误的列', '错误代码', '原因']);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['4', '身份证号', 'RESIDENT_ID.INVALID'],
      ['5', '村代码', 'DIVISION.UNKNOWN'],
      ['6', '触发情形', 'INPUT.INVALID'],
    ]);
    expect(rows[1]![4]).toBe('身份证号校验不通过（GB 11643-1999）');
    expect(rows[2]![4]).toBe('村代码不是临江市的村');
    // Where and why, never the value: no ID number, name or phone in the report.
    expect(report).not.toMatch(/\d{17}[\dX]/);
    expect(report).not.toMatch(/测试|139\d{8}/);

    // The next batch from Excel: the sheet's rows are the report's lines.
    await page.getByRole('button', { name: '上传下一批' }).click();
    const fromExcel = alert(6);
    good.push(fromExcel);
    await page.locator('#batch-file').setInputFiles({
      name: '预警批次.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsxOf([
        lines[0]!.split(','),
        [fromExcel, village, '测试己', newResidentId(), '', '2;5', 4200, 36000],
        [alert(7), village, '测试庚', withWrongCheckChar(newResidentId()), '', '2', '', ''],
      ]),
    });
    await page.getByRole('button', { name: '上传' }).click();
    await visible(progress.and(page.locator('[data-status="done"]')), 60_000);
    await shows(count('total'), '2');
    await shows(count('accepted'), '1');
    const refused = page.locator('.rejections tbody tr');
    await shows(refused.first().locator('td').first(), '3');
    await shows(refused.first(), '身份证号校验不通过', 'contains');

    // The bureau's alerts: the accepted ones, with their outcome in Chinese.
    await page.getByRole('link', { name: '本单位预警', exact: true }).click();
    await page.waitForURL(/\/alerts$/);
    for (const id of good) await visible(page.getByText(id, { exact: true }));
    expect(await page.locator('[data-alert-id]').allInnerTexts()).toEqual(
      expect.arrayContaining(good),
    );
    await visible(page.locator('[data-outcome]'));
    await expectAccessible(page);
    expect(page.url()).not.toMatch(/\d{17}[\dX]/);

    // On a phone, the batch watched again from its address.
    const phone = await pages.signedInAs(clerk, 'phone');
    await phone.goto(`${t.apiUrl}/upload?batch=${batchId}`);
    await visible(phone.locator('[data-batch-progress][data-status="done"]'));
    await screenshot(phone, 'upload-phone.png');
    await expectAccessible(phone);
    await Promise.all([page.context().close(), phone.context().close()]);
  });

  it('lets an administrator open, reset and disable a village cadre account', async () => {
    const admin = await pages.signedIn({ role: 'administrator' });
    expect(new URL(admin.url()).pathname).toBe('/admin/accounts');
    await expectAccessible(admin);

    const cadre = {
      accountId: uniqueId('cadre-ops').toLowerCase(),
      password: 'first passphrase 1',
    };
    await admin.locator('#acc-id').fill(cadre.accountId);
    const choose = async (field: string, option: string) => {
      await admin.locator(`[data-field="${field}"] .el-select`).click();
      await admin.getByRole('option', { name: option, exact: true }).click();
    };
    await choose('role', '村干部');
    await choose('township', '桦树镇');
    await choose('village', '西大川村');
    await admin.locator('#acc-password').fill(cadre.password);
    await admin.locator('#acc-confirm').fill(cadre.password);
    await admin.getByRole('button', { name: '创建账号' }).click();
    await visible(admin.getByText(`已创建账号 ${cadre.accountId}（村干部）`));
    const row = admin.locator('tr', { has: admin.locator(`[data-account="${cadre.accountId}"]`) });
    await admin.getByLabel('按账号查找').fill(cadre.accountId);
    await visible(row.locator('[data-state="active"]'));
    await admin.getByLabel('按账号查找').fill('');
    await screenshot(admin, 'accounts-desktop.png', false);

    const created = (
      await t.api<{ divisionCode: string; role: string }[]>(
        'GET',
        '/v1/admin/accounts',
        undefined,
        { role: 'administrator' },
      )
    ).body as unknown as { accountId: string; divisionCode: string; role: string }[];
    expect(created.find((a) => a.accountId === cadre.accountId)).toMatchObject({
      role: 'village-cadre',
      divisionCode: village,
    });
    expect(village.startsWith(township)).toBe(true);

    // The cadre signs in with that password.
    const cadrePage = await pages.signedInAs(cadre);
    expect(new URL(cadrePage.url()).pathname).toBe('/inbox');

    // Reset: the old password no longer works, the new one does; the cadre's session ended.
    await admin.getByLabel('按账号查找').fill(cadre.accountId);
    await row.getByRole('button', { name: '重置密码' }).click();
    const renewed = 'second passphrase 2';
    await admin.locator('#reset-password').fill(renewed);
    await admin.locator('#reset-confirm').fill(renewed);
    await expectAccessible(admin);
    await admin.getByRole('dialog').getByRole('button', { name: '重置密码' }).click();
    await visible(admin.getByText('密码已重置，该账号的所有登录已失效'));
    const me = await cadrePage.request.get(`${t.apiUrl}/v1/auth/me`);
    expect(me.status()).toBe(401);
    expect(await trySignIn(cadre)).toBe('账号或密码错误（连续失败将被锁定）');
    expect(await trySignIn({ ...cadre, password: renewed })).toBe('signed in');

    // Disable: sign-in is refused.
    await row.getByRole('button', { name: '停用' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: '停用' }).click();
    await visible(row.locator('[data-state="disabled"]'));
    expect(await trySignIn({ ...cadre, password: renewed })).toBe(
      '账号或密码错误（连续失败将被锁定）',
    );
    await Promise.all([admin.context().close(), cadrePage.context().close()]);
  });
});

/**
 * A workbook of one sheet as a spreadsheet program writes it (ExcelJS): shared strings for text,
 * numbers as numbers, an empty cell left out.
 */
async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('预警').addRows(rows.map((row) => row.map((v) => (v === '' ? null : v))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
