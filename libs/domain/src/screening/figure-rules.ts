import { AssuranceNames } from './assurances';
import { percentOf, rigidExpensesAbove, type Measured } from './compare';
import {
  toFen,
  toYuan,
  type ComparedFigure,
  type ScreeningFinding,
  type ScreeningRuleCode,
} from './finding';
import type { ScreeningPolicy } from './policy';

/** A rule on the figures alone: the scope of plan §3 (监测范围). */
export type FigureRule = (m: Measured, policy: ScreeningPolicy) => ScreeningFinding | null;

function finding(
  rule: ScreeningRuleCode,
  message: string,
  figures: ComparedFigure[],
  nominates = true,
): ScreeningFinding {
  return { rule, message, figures, events: [], trigger: null, nominates };
}

const income = (m: Measured, threshold: number, test: ComparedFigure['test']): ComparedFigure => ({
  figure: 'incomePerCapita',
  value: toYuan(m.incomeFen),
  threshold: toYuan(threshold),
  test,
});

export const incomeBelowLine: FigureRule = (m, policy) => {
  const line = toFen(policy.incomeLine);
  if (!(m.incomeFen < line)) return null;
  return finding('INCOME_BELOW_LINE', 'income per person is below the yearly income line', [
    income(m, line, 'below'),
  ]);
};

export const incomeInMarginalBand: FigureRule = (m, policy) => {
  const line = toFen(policy.incomeLine);
  const top = percentOf(line, policy.marginalBandPercent, 'ceil');
  if (m.incomeFen < line || !(m.incomeFen < top)) return null;
  const below = {
    ...income(m, top, 'below'),
    basis: `incomeLine × ${policy.marginalBandPercent}%`,
  };
  return finding(
    'INCOME_IN_MARGINAL_BAND',
    'income per person is at or above the income line but within the marginal band above it',
    [income(m, line, 'at-or-above'), below],
    policy.marginalBandNominates,
  );
};

export const rigidExpensesAboveIncome: FigureRule = (m, policy) => {
  const compared = rigidExpensesAbove(m, policy);
  if (!compared) return null;
  return finding(
    'RIGID_EXPENSES_ABOVE_INCOME',
    "rigid expenses exceed last year's household income",
    [compared],
  );
};

export const sharpIncomeDrop: FigureRule = (m, policy) => {
  const threshold = percentOf(m.lastYearFen, 100 - policy.sharpDropPercent, 'floor');
  if (!(m.lastYearFen > 0 && m.incomeFen <= threshold && m.incomeFen < m.lastYearFen)) return null;
  const basis = `lastYearIncomePerCapita × (100% − ${policy.sharpDropPercent}%)`;
  return finding('SHARP_INCOME_DROP', 'income per person fell sharply from last year', [
    { ...income(m, threshold, 'at-or-below'), basis },
  ]);
};

export const assuranceGap: FigureRule = (m) => {
  const gaps = AssuranceNames.filter((name) => m.figures.assurances[name] !== true);
  if (gaps.length === 0) return null;
  return finding(
    'ASSURANCE_GAP',
    'food, clothing, compulsory education, basic medical care, safe housing or drinking water is not secure',
    gaps.map((name) => ({
      figure: `assurances.${name}`,
      value: false,
      threshold: true,
      test: 'is-not',
    })),
  );
};

/** In the order a result lists them. */
export const FigureRules: readonly FigureRule[] = [
  incomeBelowLine,
  incomeInMarginalBand,
  rigidExpensesAboveIncome,
  sharpIncomeDrop,
  assuranceGap,
];
