import type {
  BureauExchangeContent,
  HalfMonthlyContent,
  ScaleRiskContent,
} from '@fanpin/contracts';

import {
  halfMonthlyCsvHeadings,
  householdHeadings as household,
} from './report-headings.test-fixtures';
import { renderReport, type People, type StoredReport } from './report-files';

/** Report contents covering every column of the three kinds, for the unit specs. */
const entry = (over: Partial<HalfMonthlyContent['declarations'][number]>) => ({
  receivedAt: '2025-07-03T01:30:00.000Z',
  source: 'self-declaration',
  alertId: 'A-0001',
  channel: 'app',
  villageCode: '220681104201',
  householdKey: 'h1',
  triggers: [1, 3],
  caseId: 'case-1',
  caseStatus: 'under-verification',
  ...over,
});

const halfMonthlyContent: HalfMonthlyContent = {
  declarations: [
    entry({}),
    entry({
      source: 'cadre-screening',
      channel: null,
      alertId: 'S-2',
      householdKey: 'h2',
      caseId: null,
      caseStatus: null,
      triggers: [],
    }),
  ],
  warnings: [
    entry({
      source: 'water-bureau',
      channel: null,
      alertId: 'W-3',
      householdKey: 'nobody',
      villageCode: '220681104202',
    }),
  ],
  reported: [
    {
      caseId: 'case-2',
      householdKey: 'h2',
      villageCode: '220681104201',
      channel: 'hotline-12317',
      riskTypes: ['ILLNESS', 'DISABILITY'],
      ledgerEntry: 'TZ-2025-017',
      reportedAt: '2025-07-15T15:59:59.000Z',
    },
    {
      caseId: 'case-3',
      householdKey: 'h1',
      villageCode: '220681104203',
      channel: 'app',
      riskTypes: [],
      ledgerEntry: null,
      reportedAt: '2025-07-15T15:59:59.000Z',
    },
  ],
};

const bureauExchangeContent: BureauExchangeContent = {
  bureau: 'water',
  confirmed: [
    {
      caseId: 'case-2',
      householdKey: 'h2',
      villageCode: '220681104201',
      householdClass: 'marginal',
      includedAt: '2025-07-20T02:00:00.000Z',
    },
    {
      caseId: 'case-9',
      householdKey: 'nobody',
      villageCode: '220681200201',
      householdClass: null,
      includedAt: null,
    },
  ],
  outcomes: [
    {
      alertId: 'W-3',
      receivedAt: '2025-07-10T02:00:00.000Z',
      villageCode: '220681104202',
      householdKey: 'h1',
      caseId: 'case-3',
      outcome: 'not-included',
      householdClass: null,
      reasonCode: 'NOT_AT_RISK',
    },
    {
      alertId: 'W-4',
      receivedAt: '2025-07-15T16:30:00.000Z',
      villageCode: '220681104201',
      householdKey: 'h2',
      caseId: null,
      outcome: 'included',
      householdClass: 'marginal',
      reasonCode: null,
    },
  ],
};

const totals = (key: string, monitored: number, before: number) => ({
  key,
  monitored,
  monitoredYearBefore: before,
  included: 2,
  eliminated: 1,
});

const scaleRiskContent: ScaleRiskContent = {
  year: 2025,
  total: totals('220681', 5, 4),
  byTownship: [totals('220681104', 4, 4), totals('220681200', 1, 0)],
  byClass: [totals('marginal', 3, 2), totals('unclassified', 2, 2)],
  byRiskType: [totals('ILLNESS', 2, 1), totals('DISASTER', 1, 1)],
  counts: [
    {
      townshipCode: '220681104',
      householdClass: 'marginal',
      riskType: 'ILLNESS',
      monitored: 2,
      included: 1,
      eliminated: 0,
      monitoredYearBefore: 1,
    },
    {
      townshipCode: '220681200',
      householdClass: 'unclassified',
      riskType: 'NONE',
      monitored: 1,
      included: 1,
      eliminated: 1,
      monitoredYearBefore: 0,
    },
  ],
  months: [
    { month: '2025-01', opened: 1, included: 0, eliminated: 0, monitoredAtEnd: 4 },
    { month: '2025-02', opened: 2, included: 1, eliminated: 1, monitoredAtEnd: 4 },
  ],
  measures: [
    {
      townshipCode: '220681104',
      kind: 'employment',
      measureCode: 'PUBLIC_WELFARE_JOB',
      done: 2,
      withFacts: 2,
      yuan: 1600,
    },
    {
      townshipCode: '220681104',
      kind: 'industry',
      measureCode: 'MICRO_CREDIT',
      done: 1,
      withFacts: 1,
      yuan: 50000,
    },
  ],
};

const report = (kind: StoredReport['kind'], scope: string, content: unknown): StoredReport => ({
  reportId: 'report-1',
  kind,
  scope,
  periodStart: '2025-06-30T16:00:00.000Z',
  periodEnd: '2025-07-15T16:00:00.000Z',
  producedAt: '2025-07-15T16:05:00.000Z',
  content,
});

const people = (fullResidentId: boolean): People => ({
  of: (key) =>
    ({
      h1: { name: '张三', residentId: '220681199001011234' },
      h2: { name: '李四', residentId: '22068119850202567X' },
    })[key],
  fullResidentId,
});

const rendered = {
  halfMonthly: renderReport(report('half-monthly', '220681104', halfMonthlyContent), people(false)),
  exchange: renderReport(report('bureau-exchange', 'water', bureauExchangeContent), people(true)),
  scaleRisk: renderReport(report('scale-risk', '220681', scaleRiskContent), people(false)),
};

const headers = (r: (typeof rendered)[keyof typeof rendered]) =>
  r.sheets.map((s) => [s.name, ...s.columns.map((c) => c.header)]);

/** Those cells of the two households of 黑松村 the rows below name, their ID numbers masked. */
const zhangSan = ['220681104201', '黑松村', '张三', '220681********1234'];
const liSi = ['220681104201', '黑松村', '李四', '220681********567X'];
const liSiInFull = ['220681104201', '黑松村', '李四', '22068119850202567X'];

describe('renderReport: half-monthly', () => {
  const r = rendered.halfMonthly;
  const entryHeaders = [
    '接收时间',
    '来源',
    '方式',
    '编号',
    ...household,
    '触发情形',
    '案件编号',
    '案件状态',
  ];

  it('writes the four sheets with the caption and their headers', () => {
    expect(r.title).toBe('临江市防止返贫动态监测半月报');
    expect(headers(r)).toEqual([
      ['汇总', '村代码', '村名称', '农户自主申报', '干部排查', '部门预警', '报送市局'],
      ['农户申报与干部排查', ...entryHeaders],
      ['部门预警名单', ...entryHeaders],
      ['报送市局', '案件编号', ...household, '来源途径', '风险类型', '台账编号', '截止时间'],
    ]);
    expect(r.sheets[0]?.caption).toEqual([
      '临江市防止返贫动态监测半月报',
      '乡镇：闹枝镇（220681104）',
      '报告期：2025-07-01 至 2025-07-16（北京时间）',
      '生成时间：2025-07-16 00:05　报告编号：report-1',
    ]);
    expect(r.sheets.every((s) => s.freezeHeader)).toBe(true);
  });

  it('counts each village and the township total', () => {
    expect(r.sheets[0]?.rows).toEqual([
      ['220681104201', '黑松村', 1, 1, 0, 1],
      ['220681104202', '吊打村', 0, 0, 1, 0],
      ['220681104203', '义和村', 0, 0, 0, 1],
      ['合计', '', 1, 1, 1, 2],
    ]);
  });

  it('shows a time as a date in the sheet and as CST wall time in the CSV, the ID masked', () => {
    expect(r.sheets[1]?.rows[0]).toEqual([
      new Date('2025-07-03T01:30:00.000Z'),
      '农户自主申报',
      '手机应用',
      'A-0001',
      ...zhangSan,
      '1、3',
      'case-1',
      '核实中',
    ]);
    expect(r.sheets[3]?.rows[0]).toEqual([
      'case-2',
      ...liSi,
      '12317热线',
      '因病、因残',
      'TZ-2025-017',
      new Date('2025-07-15T15:59:59.000Z'),
    ]);
  });

  it('puts the three lists in one CSV, each row marked with its kind', () => {
    expect(r.csv.header).toEqual(halfMonthlyCsvHeadings);
    expect(r.csv.rows).toEqual([
      [
        '申报',
        '2025-07-03 09:30',
        '农户自主申报',
        '手机应用',
        'A-0001',
        ...zhangSan,
        '1、3',
        '',
        '',
        'case-1',
        '核实中',
      ],
      ['申报', '2025-07-03 09:30', '干部排查', '', 'S-2', ...liSi, '', '', '', null, ''],
      [
        '预警',
        '2025-07-03 09:30',
        'water-bureau',
        '',
        'W-3',
        '220681104202',
        '吊打村',
        '',
        '',
        '1、3',
        '',
        '',
        'case-1',
        '核实中',
      ],
      [
        '报送市局',
        '2025-07-15 23:59',
        '12317热线',
        '',
        '',
        ...liSi,
        '',
        '因病、因残',
        'TZ-2025-017',
        'case-2',
        '',
      ],
      [
        '报送市局',
        '2025-07-15 23:59',
        '手机应用',
        '',
        '',
        '220681104203',
        '义和村',
        '张三',
        '220681********1234',
        '',
        '',
        null,
        'case-3',
        '',
      ],
    ]);
  });
});

describe('renderReport: bureau exchange', () => {
  const r = rendered.exchange;

  it('writes the list and the outcomes, with full ID numbers for a bureau', () => {
    expect(headers(r)).toEqual([
      ['监测对象名单', '案件编号', ...household, '监测对象类别', '纳入时间'],
      [
        '预警处理结果',
        '预警编号',
        '接收时间',
        ...household,
        '处理结果',
        '监测对象类别',
        '原因代码',
        '案件编号',
      ],
    ]);
    expect(r.sheets[0]?.caption?.[1]).toBe('行业部门：水利局（water）');
    expect(r.sheets[0]?.rows).toEqual([
      ['case-2', ...liSiInFull, '边缘易致贫户', new Date('2025-07-20T02:00:00.000Z')],
      ['case-9', '220681200201', '西北岔村', '', '', '未分类', null],
    ]);
  });

  it('puts both in one CSV', () => {
    expect(r.csv.header).toEqual([
      '类别',
      '编号',
      '时间',
      ...household,
      '结果',
      '监测对象类别',
      '原因代码',
      '案件编号',
    ]);
    expect(r.csv.rows).toEqual([
      [
        '监测对象',
        '',
        '2025-07-20 10:00',
        ...liSiInFull,
        '已纳入监测',
        '边缘易致贫户',
        '',
        'case-2',
      ],
      [
        '监测对象',
        '',
        '',
        '220681200201',
        '西北岔村',
        '',
        '',
        '已纳入监测',
        '未分类',
        '',
        'case-9',
      ],
      [
        '预警结果',
        'W-3',
        '2025-07-10 10:00',
        '220681104202',
        '吊打村',
        '张三',
        '220681199001011234',
        '未纳入',
        '',
        'NOT_AT_RISK',
        'case-3',
      ],
      [
        '预警结果',
        'W-4',
        '2025-07-16 00:30',
        ...liSiInFull,
        '已纳入监测',
        '边缘易致贫户',
        null,
        null,
      ],
    ]);
  });
});

describe('renderReport: scale risk', () => {
  const r = rendered.scaleRisk;
  const totals = ['年末监测户数', '上年末监测户数', '增减', '增减率', '年内新纳入', '年内风险消除'];

  it('writes the breakdowns, the trend and the detail', () => {
    expect(headers(r)).toEqual([
      ['总体', '范围', ...totals],
      ['按乡镇', '乡镇代码', '乡镇名称', ...totals],
      ['按类别', '类别代码', '类别', ...totals],
      ['按风险类型', '风险类型代码', '风险类型', ...totals],
      ['分月趋势', '月份', '新发现', '新纳入', '风险消除', '月末监测户数'],
      [
        '明细',
        '乡镇代码',
        '乡镇名称',
        '类别',
        '风险类型',
        ...['年末监测户数', '上年末监测户数', '年内新纳入', '年内风险消除'],
      ],
      [
        '帮扶措施',
        ...['乡镇代码', '乡镇名称', '帮扶类型', '措施代码'],
        ...['年内完成', '其中载明内容', '金额（元）'],
      ],
    ]);
    expect(r.sheets[0]?.rows).toEqual([['全市', 5, 4, 1, 0.25, 2, 1]]);
    expect(r.sheets[1]?.rows).toEqual([
      ['220681104', '闹枝镇', 4, 4, 0, 0, 2, 1],
      ['220681200', '蚂蚁河乡', 1, 0, 1, null, 2, 1],
    ]);
    // The measures done in the year, by township, kind and code, with the yuan their facts give.
    expect(r.sheets[6]?.rows).toEqual([
      ['220681104', '闹枝镇', '就业帮扶', 'PUBLIC_WELFARE_JOB', 2, 2, 1600],
      ['220681104', '闹枝镇', '产业帮扶', 'MICRO_CREDIT', 1, 1, 50000],
    ]);
  });

  it('draws each chart from the columns it names', () => {
    const charts = r.sheets.flatMap((s) => s.charts ?? []);
    expect(
      charts.map((c) => [c.type, c.categoryColumn, c.series.map((s) => [s.name, s.column])]),
    ).toEqual([
      [
        'column',
        1,
        [
          ['年末监测户数', 2],
          ['上年末监测户数', 3],
        ],
      ],
      [
        'column',
        1,
        [
          ['年末监测户数', 2],
          ['上年末监测户数', 3],
        ],
      ],
      ['bar', 1, [['年末监测户数', 2]]],
      [
        'line',
        0,
        [
          ['新纳入', 2],
          ['风险消除', 3],
          ['月末监测户数', 4],
        ],
      ],
    ]);
    expect(charts[0]?.at).toEqual({ col: 10, row: 5, widthCols: 10, heightRows: 16 });
    expect(charts[3]?.at).toEqual({ col: 6, row: 5, widthCols: 10, heightRows: 18 });
  });

  it('writes the detail sheet as the CSV', () => {
    const detail = r.sheets[5];
    expect(r.csv.header).toEqual(detail?.columns.map((c) => c.header));
    expect(r.csv.rows).toEqual(detail?.rows);
    expect(r.csv.rows[1]).toEqual(['220681200', '蚂蚁河乡', '未分类', 'NONE', 1, 0, 1, 1]);
  });
});
