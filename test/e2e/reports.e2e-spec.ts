import { unzipSync } from 'fflate';
import { ScheduleOverlapPolicy } from '@temporalio/client';

import {
  ReportScheduleIds,
  ReportWorkflowTypes,
  type ReportKind,
  type ReportView,
} from '@fanpin/contracts';
import { findDivision, maskResidentId } from '@fanpin/domain';

import {
  FixturePeople,
  FixtureTownship,
  loadReportFixture,
  type LoadedFixture,
} from '../support/report-fixture';
import {
  TestSystem,
  newWorkflowId,
  uniqueId,
  waitUntil,
  workflowIdsOf,
  type AccountSpec,
} from '../support/harness';
import { halfMonthlyCsvHeadings } from '../../services/api/src/reports/report-headings.test-fixtures';
import { replayAndRecord } from '../support/histories';
import { readWorkbook, sheetNamed, sheetNames, sheetTexts } from '../support/workbook';

/** The last millisecond of a China Standard Time day, as the reports' periods end. */
const endOf = (date: string) => new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
const cst = (wall: string) => new Date(`${wall}+08:00`);
const township: AccountSpec = { role: 'township-officer', divisionCode: FixtureTownship };
const otherTownship: AccountSpec = { role: 'township-officer', divisionCode: '220681200' };
const city: AccountSpec = { role: 'city-bureau', divisionCode: '220681' };
const water: AccountSpec = { role: 'sector-bureau', org: 'water', kind: 'integration' };
const health: AccountSpec = { role: 'sector-bureau', org: 'health', kind: 'integration' };

describe('periodic reports from their Schedules, on a fixed data set', () => {
  let t: TestSystem;
  let fixture: LoadedFixture;

  beforeAll(async () => {
    t = await TestSystem.start('reports');
    fixture = await loadReportFixture(t.db, t.secrets, uniqueId('F'));
  });

  afterAll(async () => {
    await t?.stop();
  });

  /** Each kind's run the suite's backfill started (other suites' runs share the namespace). */
  const runs = new Map<ReportKind, string>();

  /** The Schedule, once the API has ensured it, fired for one time in the past (a backfill). */
  async function fire(kind: ReportKind, at: Date): Promise<void> {
    const client = await t.client();
    const handle = client.schedule.getHandle(ReportScheduleIds[kind]);
    await waitUntil(`schedule ${handle.scheduleId} ensured`, () =>
      handle.describe().catch(() => undefined),
    );
    const query = `WorkflowType = '${ReportWorkflowTypes[kind]}'`;
    const before = await workflowIdsOf(client, query);
    await handle.backfill({
      start: new Date(at.getTime() - 60_000),
      end: new Date(at.getTime() + 60_000),
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
    });
    runs.set(kind, await newWorkflowId(client, query, before));
  }

  async function reportOf(
    kind: ReportKind,
    scope: string,
    periodEnd: string,
    as: AccountSpec,
  ): Promise<ReportView> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const listed = await t.api<ReportView[]>(
        'GET',
        `/v1/reports?kind=${kind}&scope=${scope}`,
        undefined,
        as,
      );
      expect(listed.status).toBe(200);
      const found = listed.body.find((r) => r.periodEnd === periodEnd);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no ${kind} report of ${scope} up to ${periodEnd}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function download(reportId: string, format: 'csv' | 'xlsx', as: AccountSpec) {
    const response = await fetch(`${t.system.services.api.url}/v1/reports/${reportId}/${format}`, {
      headers: { authorization: `Bearer ${await t.token(as)}` },
    });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  }

  /** The report's workbook, downloaded (the test fails unless it is served) and read back. */
  async function downloadWorkbook(reportId: string, as: AccountSpec) {
    const xlsx = await download(reportId, 'xlsx', as);
    expect(xlsx.status).toBe(200);
    return { ...xlsx, workbook: await readWorkbook(xlsx.body) };
  }

  /** The CSV's lines as fields (the fixture holds no comma or quote in any value). */
  function csvRows(body: Buffer): string[][] {
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.subarray(3).toString('utf8').split('\r\n');
    expect(lines.pop()).toBe('');
    return lines.map((line) => line.split(','));
  }

  type Person = keyof typeof FixturePeople;
  const masked = (key: Person) => maskResidentId(FixturePeople[key].residentId);
  const full = (key: Person) => FixturePeople[key].residentId;
  /** A row's household cells: the village's code and name, the head's name and ID number. */
  const householdOf = (key: Person, id: (key: Person) => string) => {
    const { villageCode, name } = FixturePeople[key];
    return [villageCode, findDivision(villageCode)?.name, name, id(key)];
  };

  it('keeps three Schedules in China Standard Time, without payloads', async () => {
    const client = await t.client();
    const half = await client.schedule.getHandle(ReportScheduleIds['half-monthly']).describe();
    expect(half.spec.timezone).toBe('Asia/Shanghai');
    expect(half.spec.calendars?.[0]).toMatchObject({
      dayOfMonth: [
        { start: 1, end: 1, step: 1 },
        { start: 16, end: 16, step: 1 },
      ],
      hour: [{ start: 0, end: 0, step: 1 }],
    });
    expect(half.action).toMatchObject({ workflowType: 'halfMonthlyReport', args: [] });
    const exchange = await client.schedule
      .getHandle(ReportScheduleIds['bureau-exchange'])
      .describe();
    expect(exchange.spec.calendars?.[0]?.month).toHaveLength(6);
    const yearly = await client.schedule.getHandle(ReportScheduleIds['scale-risk']).describe();
    expect(yearly.spec.calendars?.[0]).toMatchObject({
      month: [{ start: 'JANUARY', end: 'JANUARY', step: 1 }],
    });
  });

  it('produces each township’s half-monthly report at the cut-off: declarations, warnings, cases reported', async () => {
    await fire('half-monthly', cst('2025-07-16T00:10'));
    const periodEnd = endOf('2025-07-15');
    const report = await reportOf('half-monthly', FixtureTownship, periodEnd, township);
    expect(report).toMatchObject({ periodStart: endOf('2025-06-30'), rows: 5 });

    const csv = await download(report.reportId, 'csv', township);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const { caseIds, alertIds } = fixture;
    expect(csvRows(csv.body)).toEqual([
      halfMonthlyCsvHeadings,
      [
        '申报',
        '2025-07-03 10:00',
        '农户自主申报',
        '手机应用',
        alertIds.A1,
        ...householdOf('H1', masked),
        '1',
        '',
        '',
        caseIds.H1,
        '核实中',
      ],
      [
        '申报',
        '2025-07-08 09:00',
        '干部排查',
        '',
        alertIds.A2,
        ...householdOf('H2', masked),
        '2、5',
        '',
        '',
        caseIds.H2,
        '已纳入监测',
      ],
      [
        '预警',
        '2025-07-10 09:00',
        '水利局',
        '',
        alertIds.A3,
        ...householdOf('H3', masked),
        '6',
        '',
        '',
        caseIds.H3,
        '未纳入',
      ],
      [
        '预警',
        '2025-07-15 23:00',
        '水利局',
        '',
        alertIds.A4,
        ...householdOf('H2', masked),
        '6',
        '',
        '',
        caseIds.H2,
        '已纳入监测',
      ],
      [
        '报送市局',
        '2025-07-15 23:59',
        '干部排查',
        '',
        '',
        ...householdOf('H2', masked),
        '',
        '因病、因残',
        'TZ-2025-017',
        caseIds.H2,
        '',
      ],
    ]);

    // Read as a spreadsheet reads it: under each sheet's four caption rows, the header and rows.
    const { headers, workbook } = await downloadWorkbook(report.reportId, township);
    expect(headers.get('content-disposition')).toContain(encodeURIComponent('半月报'));
    expect(sheetNames(workbook)).toEqual([
      '汇总',
      '农户申报与干部排查',
      '部门预警名单',
      '报送市局',
    ]);
    const table = (name: string) => sheetTexts(sheetNamed(workbook, name)).slice(4);
    expect(table('汇总')).toEqual([
      ['村代码', '村名称', '农户自主申报', '干部排查', '部门预警', '报送市局'],
      ['220681104200', '闹枝村', '1', '0', '1', '0'],
      ['220681104201', '黑松村', '0', '1', '1', '1'],
      ['合计', '', '1', '1', '2', '1'],
    ]);
    expect(table('报送市局').slice(1)).toEqual([
      [
        caseIds.H2,
        ...householdOf('H2', masked),
        '干部排查',
        '因病、因残',
        'TZ-2025-017',
        '2025-07-15 23:59',
      ],
    ]);

    // Every township has its report for the period, empty or not; the stored snapshot holds codes.
    const other = await reportOf('half-monthly', '220681200', periodEnd, city);
    expect(other.rows).toBe(0);
    const stored = await t.db.query<{ content: string }>(
      `SELECT content::text FROM reports WHERE report_id = $1`,
      [report.reportId],
    );
    for (const person of Object.values(FixturePeople)) {
      expect(stored.rows[0]?.content).not.toContain(person.name);
      expect(stored.rows[0]?.content).not.toContain(person.residentId);
    }
  });

  it('shows a township only its own half-monthly reports, a bureau none of them', async () => {
    const periodEnd = endOf('2025-07-15');
    const report = await reportOf('half-monthly', FixtureTownship, periodEnd, city);
    const seen = await t.api<ReportView[]>(
      'GET',
      '/v1/reports?kind=half-monthly',
      undefined,
      otherTownship,
    );
    expect(seen.body.map((r) => r.scope)).not.toContain(FixtureTownship);
    expect((await download(report.reportId, 'csv', otherTownship)).status).toBe(404);
    expect((await download(report.reportId, 'csv', water)).status).toBe(404);
    expect(
      (
        await t.api('GET', '/v1/reports', undefined, {
          role: 'village-cadre',
          divisionCode: '220681104200',
        })
      ).status,
    ).toBe(403);
    const bad = await t.api<{ code: string }>('GET', '/v1/reports?kind=weekly', undefined, city);
    expect(bad).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect((await download('not-a-report', 'csv', city)).status).toBe(404);
    // Each download is in the audit log, with the report's id and no personal data.
    const audited = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE kind = 'report.downloaded' AND target = $1`,
      [report.reportId],
    );
    expect(Number(audited.rows[0]?.n)).toBeGreaterThanOrEqual(2);
  });

  it('exchanges data with each bureau every two months: the monitoring list and its alerts’ outcomes', async () => {
    await fire('bureau-exchange', cst('2025-09-01T01:00'));
    const periodEnd = endOf('2025-08-31');
    const report = await reportOf('bureau-exchange', 'water', periodEnd, water);
    expect(report.periodStart).toBe(endOf('2025-06-30'));
    const seenByHealth = await t.api<ReportView[]>(
      'GET',
      '/v1/reports?kind=bureau-exchange',
      undefined,
      health,
    );
    expect(seenByHealth.body.every((r) => r.scope === 'health')).toBe(true);
    expect((await download(report.reportId, 'csv', health)).status).toBe(404);

    const rows = csvRows((await download(report.reportId, 'csv', water)).body);
    const { caseIds, alertIds } = fixture;
    expect(rows.filter((r) => r[0] === '预警结果')).toEqual([
      [
        '预警结果',
        alertIds.A3,
        '2025-07-10 09:00',
        ...householdOf('H3', full),
        '未纳入',
        '',
        'NOT_AT_RISK',
        caseIds.H3,
      ],
      [
        '预警结果',
        alertIds.A4,
        '2025-07-15 23:00',
        ...householdOf('H2', full),
        '已纳入监测',
        '边缘易致贫户',
        '',
        caseIds.H2,
      ],
      [
        '预警结果',
        alertIds.A5,
        '2025-07-16 00:30',
        ...householdOf('H4', full),
        '风险已消除',
        '脱贫不稳定户',
        '',
        caseIds.H4,
      ],
      [
        '预警结果',
        alertIds.A7,
        '2025-08-20 09:00',
        ...householdOf('H1', full),
        '待处理',
        '',
        '',
        '',
      ],
    ]);
    // The monitoring list is the whole city's (other suites' cases too): ours are there as included.
    const listed = rows.filter((r) => r[0] === '监测对象');
    const ours = listed.filter((r) => Object.values(caseIds).includes(r.at(-1) ?? ''));
    expect(ours).toEqual([
      [
        '监测对象',
        '',
        '2025-07-20 10:00',
        ...householdOf('H2', full),
        '已纳入监测',
        '边缘易致贫户',
        '',
        caseIds.H2,
      ],
      [
        '监测对象',
        '',
        '2025-05-10 10:00',
        ...householdOf('H5', full),
        '已纳入监测',
        '突发严重困难户',
        '',
        caseIds.H5,
      ],
      [
        '监测对象',
        '',
        '2025-11-02 10:00',
        ...householdOf('H6', full),
        '已纳入监测',
        '边缘易致贫户',
        '',
        caseIds.H6,
      ],
    ]);
    // A supervisor reads it with the numbers masked.
    const supervised = csvRows(
      (await download(report.reportId, 'csv', { role: 'supervisor' })).body,
    );
    expect(supervised.flat()).not.toContain(full('H2'));
    expect(supervised.flat()).toContain(masked('H2'));
  });

  it('judges the year’s scale of risk by township, class and risk type, with trends and charts', async () => {
    await fire('scale-risk', cst('2026-01-01T02:00'));
    const report = await reportOf('scale-risk', '220681', endOf('2025-12-31'), township);
    const rows = csvRows((await download(report.reportId, 'csv', city)).body);
    expect(rows).toEqual([
      [
        '乡镇代码',
        '乡镇名称',
        '类别',
        '风险类型',
        '年末监测户数',
        '上年末监测户数',
        '年内新纳入',
        '年内风险消除',
      ],
      ['220681104', '闹枝镇', '边缘易致贫户', '因残', '1', '0', '1', '0'],
      ['220681104', '闹枝镇', '边缘易致贫户', '因病', '1', '0', '1', '0'],
      ['220681104', '闹枝镇', '突发严重困难户', '因意外事故', '1', '1', '0', '1'],
      ['220681104', '闹枝镇', '脱贫不稳定户', '因灾', '0', '1', '0', '1'],
      ['220681200', '蚂蚁河乡', '边缘易致贫户', '未注明', '1', '0', '1', '0'],
    ]);
    const stored = await t.db.query<{
      content: { total: object; byTownship: object[]; months: object[] };
    }>(`SELECT content FROM reports WHERE report_id = $1`, [report.reportId]);
    const content = stored.rows[0]!.content;
    expect(content.total).toEqual({
      key: 'all',
      monitored: 3,
      monitoredYearBefore: 2,
      included: 2,
      eliminated: 2,
    });
    expect(content.byTownship).toEqual([
      { key: '220681104', monitored: 2, monitoredYearBefore: 2, included: 1, eliminated: 2 },
      { key: '220681200', monitored: 1, monitoredYearBefore: 0, included: 1, eliminated: 0 },
    ]);
    const monitoredByMonth = [2, 2, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3];
    expect(content.months).toEqual(
      monitoredByMonth.map((monitoredAtEnd, i) => ({
        month: `2025-${String(i + 1).padStart(2, '0')}`,
        opened: i === 6 ? 3 : i === 9 ? 1 : 0,
        included: i === 6 || i === 10 ? 1 : 0,
        eliminated: i === 2 || i === 8 ? 1 : 0,
        monitoredAtEnd,
      })),
    );
    const { body, workbook } = await downloadWorkbook(report.reportId, city);
    expect(sheetNames(workbook)).toEqual([
      '总体',
      '按乡镇',
      '按类别',
      '按风险类型',
      '分月趋势',
      '明细',
      '帮扶措施',
    ]);
    // The detail sheet is the CSV's table; the township sheet its totals, as stored.
    expect(sheetTexts(sheetNamed(workbook, '明细')).slice(4)).toEqual(rows);
    expect(sheetTexts(sheetNamed(workbook, '按乡镇')).slice(5)).toEqual([
      ['220681104', '闹枝镇', '2', '2', '0', '0', '1', '2'],
      ['220681200', '蚂蚁河乡', '1', '0', '1', '', '1', '0'],
    ]);
    // ExcelJS does not read charts: the package lists one part per chart.
    const parts = Object.keys(unzipSync(new Uint8Array(body)));
    for (const chart of [1, 2, 3, 4]) expect(parts).toContain(`xl/charts/chart${chart}.xml`);
  });

  /** The run the suite's backfill started for a kind of report, once it has finished. */
  async function finishedRun(kind: ReportKind) {
    const handle = (await t.client()).workflow.getHandle(runs.get(kind) as string);
    await handle.result();
    return handle;
  }

  it('replays the run of each report Schedule, as recorded', async () => {
    await replayAndRecord(await finishedRun('half-monthly'), 'half-monthly-report');
    await replayAndRecord(await finishedRun('bureau-exchange'), 'bureau-exchange-report');
    await replayAndRecord(await finishedRun('scale-risk'), 'scale-risk-report');
  });
});
