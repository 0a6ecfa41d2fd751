import type { HouseholdClass } from '@fanpin/contracts';

import { measure } from './compare';
import { FigureRules } from './figure-rules';
import type { ScreeningFigures, ScreeningSource, TriggerNumber } from './figures';
import type { ScreeningFinding, ScreeningRuleCode } from './finding';
import type { ScreeningPolicy } from './policy';
import { triggerFindings } from './trigger-rules';

export type ScreeningSuggestion = 'nominate-for-verification' | 'no-risk-found';

/**
 * What screening suggests, and why. It decides nothing: the village verifies at home, the village
 * committee proposes, the township re-verifies and the city bureau determines (plan §4.3); a bureau
 * alert only ever starts a verification.
 */
export interface ScreeningResult {
  /** The policy the figures were compared with: a case keeps it. */
  policyVersion: string;
  source: ScreeningSource;
  suggestion: ScreeningSuggestion;
  /** The §4.1 triggers shown, ascending. A nomination on figures alone (§3) suggests none. */
  suggestedTriggers: TriggerNumber[];
  /** 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户, or null when no nomination is suggested. */
  suggestedClass: HouseholdClass | null;
  /** Every rule that fired, in the order of ScreeningRuleCodes. */
  findings: ScreeningFinding[];
  /** Triggers whose event was reported but whose condition the figures do not show, ascending. */
  triggersReportedNotShown: TriggerNumber[];
}

const SUDDEN_HARDSHIP: readonly ScreeningRuleCode[] = [
  'RIGID_EXPENSES_ABOVE_INCOME',
  'SHARP_INCOME_DROP',
];

/**
 * The class to suggest (plan §3): a 脱贫户 at risk is 脱贫不稳定户; another household is 突发严重困难户
 * when rigid expenses exceed last year's income or its income fell sharply, else 边缘易致贫户.
 */
function suggestClass(figures: ScreeningFigures, findings: ScreeningFinding[]): HouseholdClass {
  if (figures.liftedOutOfPoverty) return 'unstable-out-of-poverty';
  const sudden = findings.some((f) => SUDDEN_HARDSHIP.includes(f.rule));
  return sudden ? 'sudden-hardship' : 'marginal';
}

/**
 * Screens a household's figures under a policy: the seven triggers of plan §4.1 and the scope of
 * §3 (income below the line or near it, rigid expenses above last year's income, a sharp income
 * drop, an assurance not secure). Pure and deterministic: the same figures and policy give the same
 * result. The figures must fit `ScreeningFiguresForm`.
 */
export function screen(figures: ScreeningFigures, policy: ScreeningPolicy): ScreeningResult {
  const m = measure(figures);
  const triggers = triggerFindings(m, policy);
  const byFigures = FigureRules.map((rule) => rule(m, policy)).filter((f) => f !== null);
  const findings = [...triggers.findings, ...byFigures];
  const nominate = findings.some((f) => f.nominates);
  return {
    policyVersion: policy.version,
    source: figures.source,
    suggestion: nominate ? 'nominate-for-verification' : 'no-risk-found',
    suggestedTriggers: triggers.findings.map((f) => f.trigger).filter((t) => t !== null),
    suggestedClass: nominate ? suggestClass(figures, findings) : null,
    findings,
    triggersReportedNotShown: triggers.notShown,
  };
}
