import { HouseholdClasses, MeasureKinds, RiskTypeCodes } from '@fanpin/contracts';

import { className, measureKindName, riskTypeName } from './report-labels';

/** A name office staff read: Chinese characters only, never the code itself. */
const chinese = /^[\u4e00-\u9fff]+$/;

describe('the names the report files print for codes', () => {
  it.each(RiskTypeCodes)('names the risk type %s as the console does', (code) => {
    expect(riskTypeName(code)).toMatch(chinese);
  });

  it.each(MeasureKinds)('names the kind of assistance %s', (kind) => {
    expect(measureKindName(kind)).toMatch(chinese);
  });

  it.each(HouseholdClasses)('names the household class %s', (householdClass) => {
    expect(className(householdClass)).toMatch(chinese);
  });

  it('names the rows the reports add of their own: no risk type recorded, no class yet', () => {
    expect(riskTypeName('UNSPECIFIED')).toBe('未注明');
    expect(className(null)).toBe('未分类');
  });
});
