import type { ScreeningFigures } from './figures';
import type { ScreeningFinding } from './finding';
import { DefaultScreeningPolicy, type ScreeningPolicy } from './policy';
import { screen } from './screen';
import {
  aFenAround,
  figureFinding,
  fired,
  secureHousehold as base,
} from './screening.test-fixtures';

const run = (
  changes: Partial<ScreeningFigures>,
  policy: ScreeningPolicy = DefaultScreeningPolicy,
) => screen({ ...base, ...changes }, policy);
/** This year's income per person, and the same last year: no drop. */
const steady = (yuan: number) => ({ incomePerCapita: yuan, lastYearIncomePerCapita: yuan });
/** `changes` make `finding` the household's only finding, and a sudden hardship. */
function expectSuddenHardship(changes: Partial<ScreeningFigures>, finding: ScreeningFinding): void {
  const result = run(changes);
  expect(result.findings).toEqual([finding]);
  expect(result.suggestedClass).toBe('sudden-hardship');
}

describe('figure rules (plan §3 scope)', () => {
  it('finds nothing in a secure household', () => {
    const result = run({});
    expect(result.findings).toEqual([]);
    expect(result.suggestion).toBe('no-risk-found');
    expect(result.suggestedClass).toBeNull();
  });

  describe('INCOME_BELOW_LINE: strictly below the yearly line', () => {
    it.each([...aFenAround(6000, [true, false, false]), [0, true]])(
      'income %d → fires: %s',
      (income, fires) => {
        expect(fired(run(steady(income)), 'INCOME_BELOW_LINE') !== undefined).toBe(fires);
      },
    );

    it('shows the figure and the line it was compared with', () => {
      const result = run(steady(5999.99));
      expect(fired(result, 'INCOME_BELOW_LINE')).toEqual(
        figureFinding('INCOME_BELOW_LINE', 'income per person is below the yearly income line', [
          { figure: 'incomePerCapita', value: 5999.99, threshold: 6000, test: 'below' },
        ]),
      );
      expect(result.suggestion).toBe('nominate-for-verification');
      expect(result.suggestedClass).toBe('marginal');
      expect(result.suggestedTriggers).toEqual([]);
    });

    it('takes the line from the policy', () => {
      const policy = { ...DefaultScreeningPolicy, version: 'test-7000', incomeLine: 7000 };
      const result = run(steady(6999.99), policy);
      expect(fired(result, 'INCOME_BELOW_LINE')?.figures[0]?.threshold).toBe(7000);
      expect(result.policyVersion).toBe('test-7000');
      expect(fired(run(steady(7000), policy), 'INCOME_BELOW_LINE')).toBeUndefined();
    });

    it('takes yuan to the fen', () => {
      expect(fired(run(steady(5999.994)), 'INCOME_BELOW_LINE')?.figures[0]?.value).toBe(5999.99);
      expect(fired(run(steady(5999.996)), 'INCOME_BELOW_LINE')).toBeUndefined();
    });
  });

  describe('INCOME_IN_MARGINAL_BAND: from the line to 150% of it', () => {
    it.each([
      [5999.99, false],
      [6000, true],
      [8999.99, true],
      [9000, false],
      [9000.01, false],
    ])('income %d → fires: %s', (income, fires) => {
      expect(fired(run(steady(income)), 'INCOME_IN_MARGINAL_BAND') !== undefined).toBe(fires);
    });

    it('shows both ends of the band, and alone only informs under 2021-linjiang', () => {
      const result = run(steady(6000));
      expect(fired(result, 'INCOME_IN_MARGINAL_BAND')).toMatchObject({
        figures: [
          { figure: 'incomePerCapita', value: 6000, threshold: 6000, test: 'at-or-above' },
          {
            figure: 'incomePerCapita',
            value: 6000,
            threshold: 9000,
            test: 'below',
            basis: 'incomeLine × 150%',
          },
        ],
        nominates: false,
      });
      expect(result.suggestion).toBe('no-risk-found');
      expect(result.suggestedClass).toBeNull();
    });

    it('nominates when a policy says so, and follows its width', () => {
      const policy = {
        ...DefaultScreeningPolicy,
        version: 'test-band',
        marginalBandPercent: 120,
        marginalBandNominates: true,
      };
      const result = run(steady(7199.99), policy);
      expect(result.suggestion).toBe('nominate-for-verification');
      expect(result.suggestedClass).toBe('marginal');
      expect(fired(result, 'INCOME_IN_MARGINAL_BAND')?.figures[1]?.threshold).toBe(7200);
      expect(run(steady(7200), policy).suggestion).toBe('no-risk-found');
    });

    it('is empty when the band is 100% of the line', () => {
      const policy = { ...DefaultScreeningPolicy, version: 'no-band', marginalBandPercent: 100 };
      expect(run(steady(6000), policy).findings).toEqual([]);
    });
  });

  describe("RIGID_EXPENSES_ABOVE_INCOME: above last year's household income", () => {
    // Last year's household income: 20,000 × 4 = 80,000 yuan.
    it.each(aFenAround(80000, [false, false, true]))(
      'rigid expenses %d → fires: %s',
      (rigidExpenses, fires) => {
        expect(fired(run({ rigidExpenses }), 'RIGID_EXPENSES_ABOVE_INCOME') !== undefined).toBe(
          fires,
        );
      },
    );

    it('shows the expenses and the household income they exceed, as a sudden hardship', () => {
      expectSuddenHardship(
        { rigidExpenses: 80000.01 },
        figureFinding(
          'RIGID_EXPENSES_ABOVE_INCOME',
          "rigid expenses exceed last year's household income",
          [
            {
              figure: 'rigidExpenses',
              value: 80000.01,
              threshold: 80000,
              test: 'above',
              basis: 'lastYearIncomePerCapita × householdSize × 100%',
            },
          ],
        ),
      );
    });

    it('multiplies by the household size and the policy’s percentage', () => {
      const policy = { ...DefaultScreeningPolicy, version: 'test-150', rigidExpensesPercent: 150 };
      expect(
        fired(run({ householdSize: 1, rigidExpenses: 20000.01 }), 'RIGID_EXPENSES_ABOVE_INCOME'),
      ).toBeDefined();
      expect(
        fired(run({ rigidExpenses: 120000 }, policy), 'RIGID_EXPENSES_ABOVE_INCOME'),
      ).toBeUndefined();
      const above = fired(run({ rigidExpenses: 120000.01 }, policy), 'RIGID_EXPENSES_ABOVE_INCOME');
      expect(above?.figures[0]).toMatchObject({
        threshold: 120000,
        basis: expect.stringContaining('150%'),
      });
    });

    it('counts any expense against no income last year', () => {
      const none = { lastYearIncomePerCapita: 0, incomePerCapita: 6000 };
      expect(
        fired(run({ ...none, rigidExpenses: 0.01 }), 'RIGID_EXPENSES_ABOVE_INCOME'),
      ).toBeDefined();
      expect(
        fired(run({ ...none, rigidExpenses: 0 }), 'RIGID_EXPENSES_ABOVE_INCOME'),
      ).toBeUndefined();
    });
  });

  describe('SHARP_INCOME_DROP: at least 30% below last year', () => {
    // 20,000 last year: a 30% drop leaves 14,000.
    it.each([...aFenAround(14000, [true, true, false]), [20000, false], [21000, false]])(
      'income %d → fires: %s',
      (incomePerCapita, fires) => {
        expect(fired(run({ incomePerCapita }), 'SHARP_INCOME_DROP') !== undefined).toBe(fires);
      },
    );

    it('shows the income and the level it fell to, as a sudden hardship', () => {
      expectSuddenHardship(
        { incomePerCapita: 14000 },
        figureFinding('SHARP_INCOME_DROP', 'income per person fell sharply from last year', [
          {
            figure: 'incomePerCapita',
            value: 14000,
            threshold: 14000,
            test: 'at-or-below',
            basis: 'lastYearIncomePerCapita × (100% − 30%)',
          },
        ]),
      );
    });

    it('compares exactly in fen when the threshold falls between two fen', () => {
      // 10,000.01 × 70% = 7,000.007: 7,000.00 is a drop of 30.0001%, 7,000.01 one of 29.9997%.
      const last = { lastYearIncomePerCapita: 10000.01 };
      const at = fired(run({ ...last, incomePerCapita: 7000 }), 'SHARP_INCOME_DROP');
      expect(at?.figures[0]?.threshold).toBe(7000);
      expect(
        fired(run({ ...last, incomePerCapita: 7000.01 }), 'SHARP_INCOME_DROP'),
      ).toBeUndefined();
    });

    it('takes the percentage from the policy', () => {
      const policy = { ...DefaultScreeningPolicy, version: 'test-50', sharpDropPercent: 50 };
      expect(
        fired(run({ incomePerCapita: 10000.01 }, policy), 'SHARP_INCOME_DROP'),
      ).toBeUndefined();
      expect(fired(run({ incomePerCapita: 10000 }, policy), 'SHARP_INCOME_DROP')).toBeDefined();
    });

    it('sees no drop from nothing', () => {
      expect(run(steady(0)).findings.map((f) => f.rule)).toEqual(['INCOME_BELOW_LINE']);
    });
  });

  describe('ASSURANCE_GAP: any of 两不愁三保障 and drinking water not secure', () => {
    it.each([
      'food',
      'clothing',
      'compulsoryEducation',
      'basicMedical',
      'safeHousing',
      'safeDrinkingWater',
    ] as const)('fires when %s is not secure, naming it', (name) => {
      const result = run({ assurances: { ...base.assurances, [name]: false } });
      expect(result.findings.map((f) => f.rule)).toEqual(['ASSURANCE_GAP']);
      expect(fired(result, 'ASSURANCE_GAP')?.figures).toEqual([
        { figure: `assurances.${name}`, value: false, threshold: true, test: 'is-not' },
      ]);
      expect(result.suggestion).toBe('nominate-for-verification');
    });

    it('lists every gap in a fixed order, whatever the order of the input', () => {
      const assurances = {
        safeDrinkingWater: false,
        safeHousing: true,
        basicMedical: true,
        compulsoryEducation: true,
        clothing: true,
        food: false,
      };
      const figures = fired(run({ assurances }), 'ASSURANCE_GAP')?.figures.map((f) => f.figure);
      expect(figures).toEqual(['assurances.food', 'assurances.safeDrinkingWater']);
    });
  });
});
