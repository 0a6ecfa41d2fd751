import type {
  BureauExchangeContent,
  ExchangeListed,
  ExchangeOutcome,
  SectorBureau,
} from '@fanpin/contracts';
import { csvRows, sheetOf, type Column } from '@fanpin/platform';

import { caption, datetime, householdColumns, householdHeaders, text } from './report-columns';
import type { People, RenderedReport, StoredReport } from './report-files';
import { BureauNames, className, statusName } from './report-labels';

const TITLE = '临江市防止返贫监测数据交换';

/** The CSV puts the list and the outcomes one under the other, each row marked with its kind. */
const CSV_HEADER = [
  ...['类别', '编号', '时间'],
  ...householdHeaders,
  ...['结果', '监测对象类别', '原因代码', '案件编号'],
];

const listedColumns = (people: People): Column<ExchangeListed>[] => [
  text('案件编号', (r) => r.caseId, { width: 38 }),
  ...householdColumns<ExchangeListed>(people),
  text('监测对象类别', (r) => className(r.householdClass)),
  datetime('纳入时间', (r) => r.includedAt, '时间'),
];

const outcomeColumns = (people: People): Column<ExchangeOutcome>[] => [
  text('预警编号', (r) => r.alertId, { width: 22, csv: '编号' }),
  datetime('接收时间', (r) => r.receivedAt, '时间'),
  ...householdColumns<ExchangeOutcome>(people),
  text('处理结果', (r) => statusName(r.outcome), { csv: '结果' }),
  text('监测对象类别', (r) => (r.householdClass ? className(r.householdClass) : '')),
  text('原因代码', (r) => r.reasonCode),
  text('案件编号', (r) => r.caseId, { width: 38 }),
];

export function bureauExchange(report: StoredReport, people: People): RenderedReport {
  const content = report.content as BureauExchangeContent;
  const bureau = BureauNames[report.scope as SectorBureau] ?? report.scope;
  const more = {
    caption: caption(report, TITLE, `行业部门：${bureau}（${report.scope}）`),
    freezeHeader: true,
  };
  const listed = listedColumns(people);
  const outcomes = outcomeColumns(people);
  const rows = [
    ...csvRows(CSV_HEADER, {
      columns: listed,
      rows: content.confirmed,
      fixed: { 类别: '监测对象', 结果: statusName('included') },
    }),
    ...csvRows(CSV_HEADER, {
      columns: outcomes,
      rows: content.outcomes,
      fixed: { 类别: '预警结果' },
    }),
  ];
  return {
    title: TITLE,
    sheets: [
      sheetOf('监测对象名单', listed, content.confirmed, more),
      sheetOf('预警处理结果', outcomes, content.outcomes, more),
    ],
    csv: { header: CSV_HEADER, rows },
  };
}
