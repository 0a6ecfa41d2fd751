import type { ScreeningEvent, TriggerNumber } from './figures';

/** Stable codes of the screening rules, in the order a result lists them. */
export const ScreeningRuleCodes = [
  'TRIGGER_1',
  'TRIGGER_2',
  'TRIGGER_3',
  'TRIGGER_4',
  'TRIGGER_5',
  'TRIGGER_6',
  'TRIGGER_7',
  'INCOME_BELOW_LINE',
  'INCOME_IN_MARGINAL_BAND',
  'RIGID_EXPENSES_ABOVE_INCOME',
  'SHARP_INCOME_DROP',
  'ASSURANCE_GAP',
] as const;
export type ScreeningRuleCode = (typeof ScreeningRuleCodes)[number];

/** How a figure was compared: the rule fired because `value` is `test` `threshold`. */
export type ComparisonTest = 'below' | 'at-or-below' | 'above' | 'at-or-above' | 'is-not';

/** One comparison behind a finding. Figures are codes and yuan (to the fen), never personal data. */
export interface ComparedFigure {
  /** The input field, or a figure derived from it: `incomePerCapita`, `assurances.food`. */
  figure: string;
  value: number | boolean | string;
  threshold: number | boolean | string;
  test: ComparisonTest;
  /** How the threshold was derived, when it was: `lastYearIncomePerCapita × householdSize × 100%`. */
  basis?: string;
}

/** A rule that fired, and why. */
export interface ScreeningFinding {
  rule: ScreeningRuleCode;
  /** Short, in English, without personal data. */
  message: string;
  /** The comparisons that made it fire (none for a trigger the reported event alone makes). */
  figures: ComparedFigure[];
  /** The reported events it rests on. */
  events: ScreeningEvent[];
  /** The §4.1 trigger it shows, if it is one. */
  trigger: TriggerNumber | null;
  /** Whether it alone suggests nominating the household for verification. */
  nominates: boolean;
}

/** Yuan as whole fen, so that comparisons are exact. */
export const toFen = (yuan: number): number => Math.round(yuan * 100);
export const toYuan = (fen: number): number => fen / 100;
