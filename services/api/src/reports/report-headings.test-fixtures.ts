/**
 * Column headings of the report files as their readers see them: what both the renderer's unit test
 * and the reports suite (test/e2e/reports.e2e-spec.ts) expect the files to say.
 */

/** Every list of the reports names the household: its village, and its head. */
export const householdHeadings = ['村代码', '村名称', '户主姓名', '身份证号'];

/** The half-monthly CSV: the three lists one under the other, each row marked with its kind. */
export const halfMonthlyCsvHeadings = [
  '类别',
  '时间',
  '来源',
  '方式',
  '编号',
  ...householdHeadings,
  '触发情形',
  '风险类型',
  '台账编号',
  '案件编号',
  '案件状态',
];
