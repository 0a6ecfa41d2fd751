import type { RegisterEntry } from '@fanpin/contracts';

import { registerSheet } from './register-file';

const entry: RegisterEntry = {
  caseId: 'case-1',
  householdKey: 'h1',
  headName: '张三',
  residentIdMasked: '220681********1234',
  villageCode: '220681104201',
  townshipCode: '220681104',
  status: 'included',
  householdClass: 'marginal',
  riskTypes: ['ILLNESS', 'DISABILITY'],
  stage: 'MONITORING',
  includedAt: '2025-07-20T02:00:00.000Z',
  nextVisitAt: null,
};

describe('registerSheet', () => {
  it('writes one row a household under the caption, codes as codes, the ID number masked', () => {
    const sheet = registerSheet([entry, { ...entry, headName: undefined, householdClass: null }]);
    expect(sheet).toMatchObject({
      name: '监测对象台账',
      caption: ['防止返贫监测对象台账'],
      freezeHeader: true,
    });
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '村',
      '乡镇',
      '户主',
      '身份证号（隐去）',
      '监测类型',
      '风险类型',
      '状态',
      '阶段',
      '纳入时间',
      '下次回访',
      '案件',
    ]);
    expect(sheet.rows[0]).toEqual([
      '220681104201',
      '220681104',
      '张三',
      '220681********1234',
      'marginal',
      'ILLNESS;DISABILITY',
      'included',
      'MONITORING',
      new Date('2025-07-20T02:00:00.000Z'),
      null,
      'case-1',
    ]);
    expect(sheet.rows[1]?.slice(2, 5)).toEqual(['', '220681********1234', '']);
  });
});
