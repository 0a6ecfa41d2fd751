import type { ScreeningFigures } from './figures';
import { DefaultScreeningPolicy, screeningPolicy } from './policy';
import { screen } from './screen';
import { secureHousehold as base } from './screening.test-fixtures';

const run = (changes: Partial<ScreeningFigures>) =>
  screen({ ...base, ...changes }, DefaultScreeningPolicy);
const noMedical = { ...base.assurances, basicMedical: false };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('screen', () => {
  describe('suggested class (plan §3)', () => {
    it.each([
      [
        'a 脱贫户 with rigid expenses above its income',
        { liftedOutOfPoverty: true, rigidExpenses: 90000 },
        'unstable-out-of-poverty',
      ],
      [
        'a 脱贫户 below the line',
        { liftedOutOfPoverty: true, incomePerCapita: 5000, lastYearIncomePerCapita: 5000 },
        'unstable-out-of-poverty',
      ],
      [
        'another household with rigid expenses above its income',
        { rigidExpenses: 90000 },
        'sudden-hardship',
      ],
      [
        'another household whose income fell sharply',
        { incomePerCapita: 10000 },
        'sudden-hardship',
      ],
      [
        'another household below the line',
        { incomePerCapita: 5000, lastYearIncomePerCapita: 5000 },
        'marginal',
      ],
      ['another household with an assurance gap', { assurances: noMedical }, 'marginal'],
      [
        'another household with a severely disabled member',
        { events: ['severeDisability'] },
        'marginal',
      ],
    ] as const)('%s → %s', (_label, changes, suggestedClass) => {
      const result = run(changes as Partial<ScreeningFigures>);
      expect(result.suggestion).toBe('nominate-for-verification');
      expect(result.suggestedClass).toBe(suggestedClass);
    });

    it('suggests no class when no nomination is suggested, even for a 脱贫户', () => {
      const result = run({ liftedOutOfPoverty: true });
      expect(result).toEqual({
        policyVersion: '2021-linjiang',
        source: 'cadre-screening',
        suggestion: 'no-risk-found',
        suggestedTriggers: [],
        suggestedClass: null,
        findings: [],
        triggersReportedNotShown: [],
      });
    });

    it('suggests no nomination for a reported event the figures do not bear out', () => {
      const result = run({ events: ['weakEconomicBase'] });
      expect(result.suggestion).toBe('no-risk-found');
      expect(result.triggersReportedNotShown).toEqual([4]);
    });
  });

  it('explains a household hit on several counts, rule by rule, in a fixed order', () => {
    const result = screen(
      {
        ...base,
        householdSize: 3,
        incomePerCapita: 4200,
        lastYearIncomePerCapita: 7500,
        rigidExpenses: 38000,
        assurances: noMedical,
        labourCapacity: 'partial',
        events: ['naturalDisaster', 'mainLabourerAccident'],
        source: 'emergency-management',
      },
      screeningPolicy('2021-linjiang'),
    );
    expect(result.source).toBe('emergency-management');
    expect(
      result.findings.map((f) => [f.rule, f.figures.map((c) => [c.value, c.threshold])]),
    ).toEqual([
      ['TRIGGER_1', [['partial', 'full']]],
      ['TRIGGER_6', []],
      ['INCOME_BELOW_LINE', [[4200, 6000]]],
      ['RIGID_EXPENSES_ABOVE_INCOME', [[38000, 22500]]],
      ['SHARP_INCOME_DROP', [[4200, 5250]]],
      ['ASSURANCE_GAP', [[false, true]]],
    ]);
    expect(result.suggestedTriggers).toEqual([1, 6]);
    expect(result.suggestedClass).toBe('sudden-hardship');
  });

  it('is pure: the same frozen figures give the same result, and nothing is changed', () => {
    const figures = deepFreeze({
      ...base,
      incomePerCapita: 5000,
      events: ['otherRisk', 'severeDisability'],
    } satisfies ScreeningFigures);
    const first = screen(figures, DefaultScreeningPolicy);
    expect(screen(figures, DefaultScreeningPolicy)).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('holds no personal data in its messages: they are the same for every household', () => {
    const messages = new Map<string, string>();
    const households: Partial<ScreeningFigures>[] = [
      { incomePerCapita: 100, lastYearIncomePerCapita: 9000, rigidExpenses: 1e6 },
      { incomePerCapita: 5999.99, lastYearIncomePerCapita: 10000, rigidExpenses: 40001 },
    ];
    for (const changes of households) {
      for (const f of run({ ...changes, assurances: noMedical }).findings) {
        expect(messages.get(f.rule) ?? f.message).toBe(f.message);
        messages.set(f.rule, f.message);
        expect(f.message).not.toMatch(/\d{3}/);
      }
    }
    expect(messages.size).toBe(4);
  });
});
