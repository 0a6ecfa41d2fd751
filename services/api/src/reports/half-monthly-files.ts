import type { HalfMonthlyContent, HalfMonthlyEntry, HalfMonthlyReported } from '@fanpin/contracts';
import { csvRows, sheetOf, type Column, type Sheet } from '@fanpin/platform';

import { caption, datetime, householdColumns, householdHeaders, num, text } from './report-columns';
import type { People, RenderedReport, StoredReport } from './report-files';
import { channelName, divisionName, riskTypeName, sourceName, statusName } from './report-labels';

const TITLE = '临江市防止返贫动态监测半月报';

/** The CSV puts the three lists one under the other, each row marked with its kind. */
const CSV_HEADER = [
  ...['类别', '时间', '来源', '方式', '编号'],
  ...householdHeaders,
  ...['触发情形', '风险类型', '台账编号', '案件编号', '案件状态'],
];

const entryColumns = (people: People): Column<HalfMonthlyEntry>[] => [
  datetime('接收时间', (e) => e.receivedAt, '时间'),
  text('来源', (e) => sourceName(e.source)),
  text('方式', (e) => channelName(e.channel)),
  text('编号', (e) => e.alertId, { width: 22 }),
  ...householdColumns<HalfMonthlyEntry>(people),
  text('触发情形', (e) => e.triggers.join('、')),
  text('案件编号', (e) => e.caseId, { width: 38 }),
  text('案件状态', (e) => statusName(e.caseStatus)),
];

const reportedColumns = (people: People): Column<HalfMonthlyReported>[] => [
  text('案件编号', (r) => r.caseId, { width: 38 }),
  ...householdColumns<HalfMonthlyReported>(people),
  text('来源途径', (r) => channelName(r.channel), { csv: '来源' }),
  text('风险类型', (r) => r.riskTypes.map(riskTypeName).join('、'), { width: 20 }),
  text('台账编号', (r) => r.ledgerEntry),
  datetime('截止时间', (r) => r.reportedAt, '时间'),
];

/** A village's counts: self-declared, screened by cadres, bureau warnings, reported to the city. */
interface VillageCounts {
  code: string;
  name: string;
  counts: number[];
}

const summaryColumns: Column<VillageCounts>[] = [
  text('村代码', (v) => v.code),
  text('村名称', (v) => v.name),
  ...['农户自主申报', '干部排查', '部门预警', '报送市局'].map((header, i) =>
    num(header, (v: VillageCounts) => v.counts[i]),
  ),
];

/** Each village with anything in the period, by code, then the township's total. */
function villageCounts(content: HalfMonthlyContent): VillageCounts[] {
  const villages = new Map<string, number[]>();
  const count = (village: string, column: number) => {
    const counts = villages.get(village) ?? [0, 0, 0, 0];
    counts[column] = (counts[column] ?? 0) + 1;
    villages.set(village, counts);
  };
  for (const d of content.declarations) {
    count(d.villageCode, d.source === 'self-declaration' ? 0 : 1);
  }
  for (const w of content.warnings) count(w.villageCode, 2);
  for (const r of content.reported) count(r.villageCode, 3);
  const rows = [...villages.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, counts]) => ({ code, name: divisionName(code), counts }));
  const totals = [0, 1, 2, 3].map((i) => rows.reduce((sum, row) => sum + (row.counts[i] ?? 0), 0));
  return [...rows, { code: '合计', name: '', counts: totals }];
}

export function halfMonthly(report: StoredReport, people: People): RenderedReport {
  const content = report.content as HalfMonthlyContent;
  const township = `${divisionName(report.scope)}（${report.scope}）`;
  const more = { caption: caption(report, TITLE, `乡镇：${township}`), freezeHeader: true };
  const entries = entryColumns(people);
  const reported = reportedColumns(people);
  const sheets: Sheet[] = [
    sheetOf('汇总', summaryColumns, villageCounts(content), more),
    sheetOf('农户申报与干部排查', entries, content.declarations, more),
    sheetOf('部门预警名单', entries, content.warnings, more),
    sheetOf('报送市局', reported, content.reported, more),
  ];
  const rows = [
    ...csvRows(CSV_HEADER, {
      columns: entries,
      rows: content.declarations,
      fixed: { 类别: '申报' },
    }),
    ...csvRows(CSV_HEADER, { columns: entries, rows: content.warnings, fixed: { 类别: '预警' } }),
    ...csvRows(CSV_HEADER, {
      columns: reported,
      rows: content.reported,
      fixed: { 类别: '报送市局' },
    }),
  ];
  return { title: TITLE, sheets, csv: { header: CSV_HEADER, rows } };
}
