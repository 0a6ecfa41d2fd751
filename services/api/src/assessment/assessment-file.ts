import type { Assessment, AssessmentFigures } from '@fanpin/contracts';
import { csvOf, sheetOf, type Column, type OfficeTables } from '@fanpin/platform';

import { num, text } from '../reports/report-columns';
import { cstTime, divisionName } from '../reports/report-labels';

export const ASSESSMENT_TITLE = '临江市防止返贫动态监测督导考核表';

/** A line of the table: a township, or the total under them. */
interface Line {
  code: string;
  name: string;
  f: AssessmentFigures;
}

const figure = (header: string, value: (f: AssessmentFigures) => number): Column<Line> =>
  num(header, (line) => value(line.f), { width: 10 });

/** One column table: the sheet and the CSV have the same headers and values. */
export const assessmentColumns: Column<Line>[] = [
  text('乡镇代码', (l) => l.code, { width: 12 }),
  text('乡镇名称', (l) => l.name, { width: 12 }),
  figure('排查户数', (f) => f.householdsScreened),
  figure('排查发现风险', (f) => f.screeningsAtRisk),
  figure('新发现户数', (f) => f.householdsFound.total),
  figure('农户自主申报', (f) => f.householdsFound.selfDeclaration),
  figure('干部排查', (f) => f.householdsFound.cadreScreening),
  figure('部门预警', (f) => f.householdsFound.bureauAlert),
  figure('按时认定', (f) => f.identified.onTime),
  figure('超时认定', (f) => f.identified.late),
  figure('村级逾期任务', (f) => f.overdueTasks.village),
  figure('乡镇逾期任务', (f) => f.overdueTasks.township),
  figure('市级逾期任务', (f) => f.overdueTasks.city),
  figure('部门逾期任务', (f) => f.overdueTasks.department),
  figure('按时回访', (f) => f.visits.onTime),
  figure('超时回访', (f) => f.visits.late),
  figure('按时完成帮扶措施', (f) => f.measures.onTime),
  figure('超时完成帮扶措施', (f) => f.measures.late),
];

/** The townships, then their total. */
function lines(a: Assessment): Line[] {
  return [
    ...a.townships.map(({ townshipCode, ...f }) => ({
      code: townshipCode,
      name: divisionName(townshipCode),
      f,
    })),
    { code: '合计', name: '', f: a.total },
  ];
}

/** The assessment as one sheet under its title and period, and as one CSV table of the same lines. */
export function assessmentTables(a: Assessment): OfficeTables {
  const rows = lines(a);
  const caption = [
    ASSESSMENT_TITLE,
    `考核期：${a.from} 至 ${a.to}（北京时间）`,
    `统计时间：${cstTime(a.at)}`,
  ];
  return {
    sheets: [sheetOf('督导考核', assessmentColumns, rows, { caption, freezeHeader: true })],
    csv: csvOf(assessmentColumns, rows),
  };
}
