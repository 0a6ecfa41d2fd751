import type { HouseholdClass, MeasureKind, RiskTypeCode } from './codes';

/**
 * The Chinese names staff read for the code lists that both the console and the report files
 * show: one table each, checked against its list (a code without a name fails to compile), so
 * that a screen and the workbook printed from it never name one code two ways.
 */
export const HouseholdClassLabels = {
  'unstable-out-of-poverty': '脱贫不稳定户',
  marginal: '边缘易致贫户',
  'sudden-hardship': '突发严重困难户',
} as const satisfies Record<HouseholdClass, string>;

/** The five kinds of assistance of plan §5. */
export const MeasureKindLabels = {
  industry: '产业帮扶',
  employment: '就业帮扶',
  'safety-net': '综合保障',
  motivation: '扶志扶智',
  social: '社会帮扶',
} as const satisfies Record<MeasureKind, string>;

export const RiskTypeLabels = {
  ILLNESS: '因病',
  DISABILITY: '因残',
  EDUCATION: '因学',
  DISASTER: '因灾',
  ACCIDENT: '因意外事故',
  EPIDEMIC: '因疫情',
  INCOME_DROP: '收入骤减',
  LABOUR_LOSS: '缺劳动力',
  ELDERLY_CARE: '因老',
  OTHER: '其他',
} as const satisfies Record<RiskTypeCode, string>;
