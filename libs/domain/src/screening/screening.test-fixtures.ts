import { AllSecure, type Assurances } from '@fanpin/contracts';

import type { ScreeningFigures } from './figures';
import type { ComparedFigure, ScreeningFinding, ScreeningRuleCode } from './finding';
import type { ScreeningResult } from './screen';

/*
 * Fixtures shared by the domain specs (test-only: left out of the build by tsconfig).
 */

/** 两不愁三保障 and drinking water all secure. */
export const allSecure: Assurances = AllSecure;

/**
 * Four people, 20,000 yuan a head this year and last, no rigid expenses, all secure: nothing fires.
 */
export const secureHousehold: ScreeningFigures = {
  householdSize: 4,
  incomePerCapita: 20000,
  lastYearIncomePerCapita: 20000,
  rigidExpenses: 0,
  assurances: allSecure,
  labourCapacity: 'full',
  liftedOutOfPoverty: false,
  source: 'cadre-screening',
};

/** The finding of `rule` in a screening's result, if it fired. */
export const fired = (result: ScreeningResult, rule: ScreeningRuleCode) =>
  result.findings.find((f) => f.rule === rule);

/**
 * The rows `[yuan, fires]` of a boundary test: a fen below `yuan`, `yuan` itself and a fen above,
 * each with whether the rule fires there.
 */
export const aFenAround = (
  yuan: number,
  fires: readonly [below: boolean, at: boolean, above: boolean],
): [number, boolean][] => [
  [(yuan * 100 - 1) / 100, fires[0]],
  [yuan, fires[1]],
  [(yuan * 100 + 1) / 100, fires[2]],
];

/** The finding of a figure rule (plan §3): figures compared, no event or trigger; it nominates. */
export const figureFinding = (
  rule: ScreeningRuleCode,
  message: string,
  figures: ComparedFigure[],
): ScreeningFinding => ({ rule, message, figures, events: [], trigger: null, nominates: true });
