import type {
  BureauExchangeContent,
  HalfMonthlyContent,
  HalfMonthlyEntry,
  ReportKind,
  ScaleRiskContent,
  ScaleRiskTotals,
  SectorBureau,
} from '@fanpin/contracts';
import { maskResidentId } from '@fanpin/domain';
import type { CellValue, Sheet } from '@fanpin/platform';

import {
  BureauNames,
  channelName,
  className,
  cstTime,
  divisionName,
  periodDates,
  riskTypeName,
  sourceName,
  statusName,
} from './report-labels';

/** A stored report, as the files are rendered from it. */
export interface StoredReport {
  reportId: string;
  kind: ReportKind;
  scope: string;
  periodStart: string;
  periodEnd: string;
  producedAt: string;
  content: unknown;
}

/** A household head as the reader may see them: the name, and the ID number masked or not. */
export interface Person {
  name: string;
  residentId: string;
}

export interface People {
  of(householdKey: string): Person | undefined;
  /** Whether the reader sees ID numbers in full (a bureau's data comparison), or masked. */
  fullResidentId: boolean;
}

/** The same report as workbook sheets and as one CSV table. */
export interface RenderedReport {
  title: string;
  sheets: Sheet[];
  csv: { header: string[]; rows: CellValue[][] };
}

const when = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

function personCells(people: People, householdKey: string): [string, string] {
  const person = people.of(householdKey);
  if (!person) return ['', ''];
  return [
    person.name,
    people.fullResidentId ? person.residentId : maskResidentId(person.residentId),
  ];
}

function caption(report: StoredReport, title: string, scopeLine: string): string[] {
  const { from, to } = periodDates(report.periodStart, report.periodEnd);
  return [
    title,
    scopeLine,
    `报告期：${from} 至 ${to}（北京时间）`,
    `生成时间：${cstTime(report.producedAt)}　报告编号：${report.reportId}`,
  ];
}

export function renderReport(report: StoredReport, people: People): RenderedReport {
  if (report.kind === 'half-monthly') return halfMonthly(report, people);
  if (report.kind === 'bureau-exchange') return bureauExchange(report, people);
  return scaleRisk(report);
}

const text = (header: string, width = 14) => ({ header, width, type: 'text' as const });
const num = (header: string, width = 12) => ({ header, width, type: 'number' as const });
const datetime = (header: string) => ({ header, width: 18, type: 'datetime' as const });

function halfMonthly(report: StoredReport, people: People): RenderedReport {
  const content = report.content as HalfMonthlyContent;
  const township = `${divisionName(report.scope)}（${report.scope}）`;
  const title = '临江市防止返贫动态监测半月报';
  const head = caption(report, title, `乡镇：${township}`);
  const entryRow = (e: HalfMonthlyEntry): CellValue[] => [
    when(e.receivedAt),
    sourceName(e.source),
    channelName(e.channel),
    e.alertId,
    e.villageCode,
    divisionName(e.villageCode),
    ...personCells(people, e.householdKey),
    e.triggers.join('、'),
    e.caseId,
    statusName(e.caseStatus),
  ];
  const entryColumns = [
    datetime('接收时间'),
    text('来源'),
    text('方式'),
    text('编号', 22),
    text('村代码'),
    text('村名称'),
    text('户主姓名'),
    text('身份证号', 20),
    text('触发情形'),
    text('案件编号', 38),
    text('案件状态'),
  ];
  const reportedRows = content.reported.map((r): CellValue[] => [
    r.caseId,
    r.villageCode,
    divisionName(r.villageCode),
    ...personCells(people, r.householdKey),
    channelName(r.channel),
    r.riskTypes.map(riskTypeName).join('、'),
    r.ledgerEntry,
    when(r.reportedAt),
  ]);
  // The summary: each village with anything in the period, and the township's total.
  const villages = new Map<string, number[]>();
  const count = (village: string, column: number) => {
    const counts = villages.get(village) ?? [0, 0, 0, 0];
    counts[column] = (counts[column] ?? 0) + 1;
    villages.set(village, counts);
  };
  for (const d of content.declarations)
    count(d.villageCode, d.source === 'self-declaration' ? 0 : 1);
  for (const w of content.warnings) count(w.villageCode, 2);
  for (const r of content.reported) count(r.villageCode, 3);
  const summary: CellValue[][] = [...villages.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, counts]) => [code, divisionName(code), ...counts]);
  const totals = [0, 1, 2, 3].map((i) => summary.reduce((sum, row) => sum + Number(row[i + 2]), 0));
  summary.push(['合计', '', ...totals]);
  const sheets: Sheet[] = [
    {
      name: '汇总',
      caption: head,
      columns: [
        text('村代码'),
        text('村名称'),
        num('农户自主申报'),
        num('干部排查'),
        num('部门预警'),
        num('报送市局'),
      ],
      rows: summary,
      freezeHeader: true,
    },
    {
      name: '农户申报与干部排查',
      caption: head,
      columns: entryColumns,
      rows: content.declarations.map(entryRow),
      freezeHeader: true,
    },
    {
      name: '部门预警名单',
      caption: head,
      columns: entryColumns,
      rows: content.warnings.map(entryRow),
      freezeHeader: true,
    },
    {
      name: '报送市局',
      caption: head,
      columns: [
        text('案件编号', 38),
        text('村代码'),
        text('村名称'),
        text('户主姓名'),
        text('身份证号', 20),
        text('来源途径'),
        text('风险类型', 20),
        text('台账编号'),
        datetime('截止时间'),
      ],
      rows: reportedRows,
      freezeHeader: true,
    },
  ];
  const csvEntry = (kind: string, e: HalfMonthlyEntry): CellValue[] => [
    kind,
    cstTime(e.receivedAt),
    sourceName(e.source),
    channelName(e.channel),
    e.alertId,
    e.villageCode,
    divisionName(e.villageCode),
    ...personCells(people, e.householdKey),
    e.triggers.join('、'),
    '',
    '',
    e.caseId,
    statusName(e.caseStatus),
  ];
  return {
    title,
    sheets,
    csv: {
      header: [
        '类别',
        '时间',
        '来源',
        '方式',
        '编号',
        '村代码',
        '村名称',
        '户主姓名',
        '身份证号',
        '触发情形',
        '风险类型',
        '台账编号',
        '案件编号',
        '案件状态',
      ],
      rows: [
        ...content.declarations.map((e) => csvEntry('申报', e)),
        ...content.warnings.map((e) => csvEntry('预警', e)),
        ...content.reported.map((r): CellValue[] => [
          '报送市局',
          cstTime(r.reportedAt),
          channelName(r.channel),
          '',
          '',
          r.villageCode,
          divisionName(r.villageCode),
          ...personCells(people, r.householdKey),
          '',
          r.riskTypes.map(riskTypeName).join('、'),
          r.ledgerEntry,
          r.caseId,
          '',
        ]),
      ],
    },
  };
}

function bureauExchange(report: StoredReport, people: People): RenderedReport {
  const content = report.content as BureauExchangeContent;
  const bureau = BureauNames[report.scope as SectorBureau] ?? report.scope;
  const title = '临江市防止返贫监测数据交换';
  const head = caption(report, title, `行业部门：${bureau}（${report.scope}）`);
  const listed = content.confirmed.map((r): CellValue[] => [
    r.caseId,
    r.villageCode,
    divisionName(r.villageCode),
    ...personCells(people, r.householdKey),
    className(r.householdClass),
    when(r.includedAt),
  ]);
  const outcomes = content.outcomes.map((r): CellValue[] => [
    r.alertId,
    when(r.receivedAt),
    r.villageCode,
    divisionName(r.villageCode),
    ...personCells(people, r.householdKey),
    statusName(r.outcome),
    r.householdClass ? className(r.householdClass) : '',
    r.reasonCode,
    r.caseId,
  ]);
  const listedColumns = [
    text('案件编号', 38),
    text('村代码'),
    text('村名称'),
    text('户主姓名'),
    text('身份证号', 20),
    text('监测对象类别'),
    datetime('纳入时间'),
  ];
  const outcomeColumns = [
    text('预警编号', 22),
    datetime('接收时间'),
    text('村代码'),
    text('村名称'),
    text('户主姓名'),
    text('身份证号', 20),
    text('处理结果'),
    text('监测对象类别'),
    text('原因代码'),
    text('案件编号', 38),
  ];
  return {
    title,
    sheets: [
      {
        name: '监测对象名单',
        caption: head,
        columns: listedColumns,
        rows: listed,
        freezeHeader: true,
      },
      {
        name: '预警处理结果',
        caption: head,
        columns: outcomeColumns,
        rows: outcomes,
        freezeHeader: true,
      },
    ],
    csv: {
      header: [
        '类别',
        '编号',
        '时间',
        '村代码',
        '村名称',
        '户主姓名',
        '身份证号',
        '结果',
        '监测对象类别',
        '原因代码',
        '案件编号',
      ],
      rows: [
        ...content.confirmed.map((r): CellValue[] => [
          '监测对象',
          '',
          r.includedAt ? cstTime(r.includedAt) : '',
          r.villageCode,
          divisionName(r.villageCode),
          ...personCells(people, r.householdKey),
          statusName('included'),
          className(r.householdClass),
          '',
          r.caseId,
        ]),
        ...content.outcomes.map((r): CellValue[] => [
          '预警结果',
          r.alertId,
          cstTime(r.receivedAt),
          r.villageCode,
          divisionName(r.villageCode),
          ...personCells(people, r.householdKey),
          statusName(r.outcome),
          r.householdClass ? className(r.householdClass) : '',
          r.reasonCode,
          r.caseId,
        ]),
      ],
    },
  };
}

const change = (t: ScaleRiskTotals): CellValue[] => [
  t.monitored - t.monitoredYearBefore,
  t.monitoredYearBefore === 0
    ? null
    : (t.monitored - t.monitoredYearBefore) / t.monitoredYearBefore,
];

function scaleRisk(report: StoredReport): RenderedReport {
  const content = report.content as ScaleRiskContent;
  const title = `临江市${content.year}年度规模性返贫风险研判`;
  const head = caption(report, title, '范围：临江市（220681）');
  const totalsColumns = (first: ReturnType<typeof text>[]) => [
    ...first,
    num('年末监测户数'),
    num('上年末监测户数'),
    num('增减'),
    { header: '增减率', width: 10, type: 'number' as const },
    num('年内新纳入'),
    num('年内风险消除'),
  ];
  const totalsRow = (t: ScaleRiskTotals): CellValue[] => [
    t.monitored,
    t.monitoredYearBefore,
    ...change(t),
    t.included,
    t.eliminated,
  ];
  const townships = content.byTownship.map((t) => [t.key, divisionName(t.key), ...totalsRow(t)]);
  const classes = content.byClass.map((t) => [t.key, className(t.key), ...totalsRow(t)]);
  const riskTypes = content.byRiskType.map((t) => [t.key, riskTypeName(t.key), ...totalsRow(t)]);
  const chartAt = (rows: number) => ({
    col: 10,
    row: 5,
    widthCols: 10,
    heightRows: Math.max(16, rows + 4),
  });
  const sheets: Sheet[] = [
    {
      name: '总体',
      caption: head,
      columns: totalsColumns([text('范围')]),
      rows: [['全市', ...totalsRow(content.total)]],
    },
    {
      name: '按乡镇',
      caption: head,
      columns: totalsColumns([text('乡镇代码'), text('乡镇名称')]),
      rows: townships,
      freezeHeader: true,
      charts: [
        {
          type: 'column',
          title: '各乡镇监测户数：年末与上年末',
          categoryColumn: 1,
          series: [
            { name: '年末监测户数', column: 2 },
            { name: '上年末监测户数', column: 3 },
          ],
          at: chartAt(townships.length),
        },
      ],
    },
    {
      name: '按类别',
      caption: head,
      columns: totalsColumns([text('类别代码', 24), text('类别')]),
      rows: classes,
      charts: [
        {
          type: 'column',
          title: '各类监测对象：年末与上年末',
          categoryColumn: 1,
          series: [
            { name: '年末监测户数', column: 2 },
            { name: '上年末监测户数', column: 3 },
          ],
          at: chartAt(classes.length),
        },
      ],
    },
    {
      name: '按风险类型',
      caption: head,
      columns: totalsColumns([text('风险类型代码', 16), text('风险类型')]),
      rows: riskTypes,
      charts: [
        {
          type: 'bar',
          title: '各风险类型年末监测户数（一户多类型分别计入）',
          categoryColumn: 1,
          series: [{ name: '年末监测户数', column: 2 }],
          at: chartAt(riskTypes.length),
        },
      ],
    },
    {
      name: '分月趋势',
      caption: head,
      columns: [text('月份'), num('新发现'), num('新纳入'), num('风险消除'), num('月末监测户数')],
      rows: content.months.map((m) => [
        m.month,
        m.opened,
        m.included,
        m.eliminated,
        m.monitoredAtEnd,
      ]),
      charts: [
        {
          type: 'line',
          title: '分月趋势',
          categoryColumn: 0,
          series: [
            { name: '新纳入', column: 2 },
            { name: '风险消除', column: 3 },
            { name: '月末监测户数', column: 4 },
          ],
          at: { col: 6, row: 5, widthCols: 10, heightRows: 18 },
        },
      ],
    },
    {
      name: '明细',
      caption: head,
      columns: [
        text('乡镇代码'),
        text('乡镇名称'),
        text('类别'),
        text('风险类型'),
        num('年末监测户数'),
        num('上年末监测户数'),
        num('年内新纳入'),
        num('年内风险消除'),
      ],
      rows: content.counts.map((c) => [
        c.townshipCode,
        divisionName(c.townshipCode),
        className(c.householdClass),
        riskTypeName(c.riskType),
        c.monitored,
        c.monitoredYearBefore,
        c.included,
        c.eliminated,
      ]),
      freezeHeader: true,
    },
  ];
  return {
    title,
    sheets,
    csv: {
      header: [
        '乡镇代码',
        '乡镇名称',
        '类别',
        '风险类型',
        '年末监测户数',
        '上年末监测户数',
        '年内新纳入',
        '年内风险消除',
      ],
      rows: content.counts.map((c) => [
        c.townshipCode,
        divisionName(c.townshipCode),
        className(c.householdClass),
        riskTypeName(c.riskType),
        c.monitored,
        c.monitoredYearBefore,
        c.included,
        c.eliminated,
      ]),
    },
  };
}
