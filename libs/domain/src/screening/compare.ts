import type { ScreeningFigures } from './figures';
import { toFen, toYuan, type ComparedFigure } from './finding';
import type { ScreeningPolicy } from './policy';

/** The figures in whole fen, and the one derived from them: last year's household income. */
export interface Measured {
  figures: ScreeningFigures;
  incomeFen: number;
  lastYearFen: number;
  rigidFen: number;
  lastYearHouseholdFen: number;
}

export function measure(figures: ScreeningFigures): Measured {
  const lastYearFen = toFen(figures.lastYearIncomePerCapita);
  return {
    figures,
    incomeFen: toFen(figures.incomePerCapita),
    lastYearFen,
    rigidFen: toFen(figures.rigidExpenses),
    lastYearHouseholdFen: lastYearFen * figures.householdSize,
  };
}

/**
 * `percent` % of `fen`, rounded down or up to a whole fen. For a whole number of fen `x`,
 * `x > percentOf(f, p, 'floor')` is exactly `x > f × p %`, and `x < percentOf(f, p, 'ceil')` is
 * exactly `x < f × p %`: the thresholds shown are the ones compared.
 */
export function percentOf(fen: number, percent: number, round: 'floor' | 'ceil'): number {
  return Math[round]((fen * percent) / 100);
}

/** Rigid expenses above the policy's share of last year's household income (§3, §4.1.2), or null. */
export function rigidExpensesAbove(m: Measured, policy: ScreeningPolicy): ComparedFigure | null {
  const threshold = percentOf(m.lastYearHouseholdFen, policy.rigidExpensesPercent, 'floor');
  if (!(m.rigidFen > threshold)) return null;
  return {
    figure: 'rigidExpenses',
    value: toYuan(m.rigidFen),
    threshold: toYuan(threshold),
    test: 'above',
    basis: `lastYearIncomePerCapita × householdSize × ${policy.rigidExpensesPercent}%`,
  };
}

/** Income per person below last year's (经济收入每况愈下, §4.1.4), or null. */
export function incomeFalling(m: Measured): ComparedFigure | null {
  if (!(m.incomeFen < m.lastYearFen)) return null;
  return {
    figure: 'incomePerCapita',
    value: toYuan(m.incomeFen),
    threshold: toYuan(m.lastYearFen),
    test: 'below',
    basis: 'lastYearIncomePerCapita',
  };
}

/** Labour capacity no longer full (家庭劳动力大幅减少, §4.1.1), or null. */
export function labourReduced(m: Measured): ComparedFigure | null {
  const capacity = m.figures.labourCapacity;
  if (capacity === 'full') return null;
  return { figure: 'labourCapacity', value: capacity, threshold: 'full', test: 'is-not' };
}
