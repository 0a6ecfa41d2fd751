import { monitoredAt, scaleRiskJudgement, type ScaleRiskRun } from './scale-risk';

const at = (wall: string) => Date.parse(`${wall}+08:00`);
const year2025 = {
  start: new Date(at('2024-12-31T23:59:59.999')).toISOString(),
  end: new Date(at('2025-12-31T23:59:59.999')).toISOString(),
};

const run = (over: Partial<ScaleRiskRun>): ScaleRiskRun => ({
  townshipCode: '220681104',
  householdClass: 'marginal',
  openedAt: at('2024-01-10T09:00'),
  includedAt: at('2024-02-01T09:00'),
  riskTypes: ['ILLNESS'],
  marks: [],
  ...over,
});

describe('the yearly scale-risk judgement', () => {
  it('follows a household through elimination and rollback', () => {
    const r = run({
      marks: [
        { eliminated: true, at: at('2025-03-01T10:00') },
        { eliminated: false, at: at('2025-05-10T10:00') },
      ],
    });
    expect(monitoredAt(r, at('2025-02-28T00:00'))).toBe(true);
    expect(monitoredAt(r, at('2025-03-01T10:00'))).toBe(false);
    expect(monitoredAt(r, at('2025-05-10T09:59'))).toBe(false);
    expect(monitoredAt(r, at('2025-05-10T10:00'))).toBe(true);
    expect(monitoredAt(run({ includedAt: null }), at('2030-01-01T00:00'))).toBe(false);
  });

  it('counts by township, class and risk type, a household with two risk types under both', () => {
    const result = scaleRiskJudgement(
      [
        run({ riskTypes: ['ILLNESS', 'DISABILITY'], includedAt: at('2025-07-20T10:00') }),
        run({ householdClass: null, riskTypes: [], townshipCode: '220681200' }),
        run({ marks: [{ eliminated: true, at: at('2025-09-05T10:00') }] }),
        // Never included, or included after the year: only the months' "opened" sees them.
        run({ includedAt: null, openedAt: at('2025-07-03T10:00') }),
        run({ includedAt: at('2026-01-01T00:00'), openedAt: at('2025-12-31T23:00') }),
      ],
      year2025,
    );
    expect(result.year).toBe(2025);
    expect(result.total).toEqual({
      key: 'all',
      monitored: 2,
      monitoredYearBefore: 2,
      included: 1,
      eliminated: 1,
    });
    expect(result.byRiskType.map((t) => [t.key, t.monitored])).toEqual([
      ['DISABILITY', 1],
      ['ILLNESS', 1],
      ['UNSPECIFIED', 1],
    ]);
    expect(result.byClass.map((t) => t.key)).toEqual(['marginal', 'unclassified']);
    expect(result.counts).toContainEqual({
      townshipCode: '220681200',
      householdClass: 'unclassified',
      riskType: 'UNSPECIFIED',
      monitored: 1,
      monitoredYearBefore: 1,
      included: 0,
      eliminated: 0,
    });
    expect(result.months.map((m) => m.opened)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(result.months.map((m) => m.monitoredAtEnd)).toEqual([
      2, 2, 2, 2, 2, 2, 3, 3, 2, 2, 2, 2,
    ]);
  });
});
