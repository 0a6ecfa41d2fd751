import type {
  ScaleRiskContent,
  ScaleRiskMeasureSum,
  ScaleRiskCount,
  ScaleRiskMonth,
  ScaleRiskTotals,
} from '@fanpin/contracts';
import {
  columnIndex,
  csvOf,
  sheetOf,
  type Column,
  type Sheet,
  type SheetChart,
} from '@fanpin/platform';

import { caption, num, text } from './report-columns';
import type { RenderedReport, StoredReport } from './report-files';
import { className, divisionName, measureKindName, riskTypeName } from './report-labels';

type Totals = Column<ScaleRiskTotals>;

const changeRate = (t: ScaleRiskTotals) =>
  t.monitoredYearBefore === 0
    ? null
    : (t.monitored - t.monitoredYearBefore) / t.monitoredYearBefore;

/** The year's counts of a breakdown and of a detail line. */
type YearCounts = Column<Omit<ScaleRiskTotals, 'key'>>;

/** Monitored at the end of the year, and at the end of the year before. */
const monitoredColumns: YearCounts[] = [
  num('年末监测户数', (t) => t.monitored),
  num('上年末监测户数', (t) => t.monitoredYearBefore),
];

/** Included and marked risk eliminated during the year. */
const changeColumns: YearCounts[] = [
  num('年内新纳入', (t) => t.included),
  num('年内风险消除', (t) => t.eliminated),
];

/** The key columns of a breakdown, then its counts. */
const totalsColumns = (...keys: Totals[]): Totals[] => [
  ...keys,
  ...monitoredColumns,
  num('增减', (t) => t.monitored - t.monitoredYearBefore),
  num('增减率', changeRate, { width: 10 }),
  ...changeColumns,
];

const townshipColumns = totalsColumns(
  text('乡镇代码', (t) => t.key),
  text('乡镇名称', (t) => divisionName(t.key)),
);
const classColumns = totalsColumns(
  text('类别代码', (t) => t.key, { width: 24 }),
  text('类别', (t) => className(t.key)),
);
const riskTypeColumns = totalsColumns(
  text('风险类型代码', (t) => t.key, { width: 16 }),
  text('风险类型', (t) => riskTypeName(t.key)),
);

const monthColumns: Column<ScaleRiskMonth>[] = [
  text('月份', (m) => m.month),
  num('新发现', (m) => m.opened),
  num('新纳入', (m) => m.included),
  num('风险消除', (m) => m.eliminated),
  num('月末监测户数', (m) => m.monitoredAtEnd),
];

/** The detail lines: the 明细 sheet and the CSV. */
const countColumns: Column<ScaleRiskCount>[] = [
  text('乡镇代码', (c) => c.townshipCode),
  text('乡镇名称', (c) => divisionName(c.townshipCode)),
  text('类别', (c) => className(c.householdClass)),
  text('风险类型', (c) => riskTypeName(c.riskType)),
  ...monitoredColumns,
  ...changeColumns,
];

/** The measures done in the year, by township, kind and code (帮扶措施), and what they gave. */
const measureColumns: Column<ScaleRiskMeasureSum>[] = [
  text('乡镇代码', (m) => m.townshipCode),
  text('乡镇名称', (m) => divisionName(m.townshipCode)),
  text('帮扶类型', (m) => measureKindName(m.kind)),
  text('措施代码', (m) => m.measureCode, { width: 28 }),
  num('年内完成', (m) => m.done),
  num('其中载明内容', (m) => m.withFacts),
  num('金额（元）', (m) => m.yuan, { width: 14 }),
];

/** A breakdown sheet (by township, class or risk type) and its chart, by the name column. */
interface Breakdown {
  name: string;
  columns: Totals[];
  rows: (content: ScaleRiskContent) => ScaleRiskTotals[];
  freezeHeader?: true;
  chart: { type: SheetChart['type']; title: string; series: string[] };
}

const BOTH_YEARS = ['年末监测户数', '上年末监测户数'];

const BREAKDOWNS: Breakdown[] = [
  {
    name: '按乡镇',
    columns: townshipColumns,
    rows: (c) => c.byTownship,
    freezeHeader: true,
    chart: { type: 'column', title: '各乡镇监测户数：年末与上年末', series: BOTH_YEARS },
  },
  {
    name: '按类别',
    columns: classColumns,
    rows: (c) => c.byClass,
    chart: { type: 'column', title: '各类监测对象：年末与上年末', series: BOTH_YEARS },
  },
  {
    name: '按风险类型',
    columns: riskTypeColumns,
    rows: (c) => c.byRiskType,
    chart: {
      type: 'bar',
      title: '各风险类型年末监测户数（一户多类型分别计入）',
      series: ['年末监测户数'],
    },
  },
];

const seriesOf = <R>(columns: readonly Column<R>[], names: string[]) =>
  names.map((name) => ({ name, column: columnIndex(columns, name) }));

function breakdownSheet(b: Breakdown, content: ScaleRiskContent, head: string[]): Sheet {
  const rows = b.rows(content);
  const chart: SheetChart = {
    ...b.chart,
    categoryColumn: 1,
    series: seriesOf(b.columns, b.chart.series),
    at: { col: 10, row: 5, widthCols: 10, heightRows: Math.max(16, rows.length + 4) },
  };
  const freeze = b.freezeHeader ? { freezeHeader: true } : {};
  return sheetOf(b.name, b.columns, rows, { caption: head, ...freeze, charts: [chart] });
}

const trendChart: SheetChart = {
  type: 'line',
  title: '分月趋势',
  categoryColumn: 0,
  series: seriesOf(monthColumns, ['新纳入', '风险消除', '月末监测户数']),
  at: { col: 6, row: 5, widthCols: 10, heightRows: 18 },
};

export function scaleRisk(report: StoredReport): RenderedReport {
  const content = report.content as ScaleRiskContent;
  const title = `临江市${content.year}年度规模性返贫风险研判`;
  const head = caption(report, title, '范围：临江市（220681）');
  const sheets = [
    sheetOf('总体', totalsColumns(text('范围', () => '全市')), [content.total], { caption: head }),
    ...BREAKDOWNS.map((b) => breakdownSheet(b, content, head)),
    sheetOf('分月趋势', monthColumns, content.months, { caption: head, charts: [trendChart] }),
    sheetOf('明细', countColumns, content.counts, { caption: head, freezeHeader: true }),
    // Amounts: loans, subsidies and premiums paid; posts' and 低保/特困's monthly amounts.
    sheetOf('帮扶措施', measureColumns, content.measures ?? [], {
      caption: head,
      freezeHeader: true,
    }),
  ];
  return { title, sheets, csv: csvOf(countColumns, content.counts) };
}
