import { z } from '../forms/zod';

import { ScreeningEventCodes, type ScreeningEvent } from '../forms/ways-in';
import { AlertReceipt } from './alerts';
import { view } from './fields';
import { HouseholdClasses } from '../codes';

const figureValue = z.union([z.number(), z.boolean(), z.string()]);

/** One comparison behind a finding: figures are codes and yuan, never personal data. */
const ComparedFigure = view({
  figure: z.string().meta({ examples: ['incomePerCapita', 'assurances.food'] }),
  value: figureValue,
  threshold: figureValue,
  test: z.enum(['below', 'at-or-below', 'above', 'at-or-above', 'is-not']),
  basis: z.string().optional().meta({ description: 'How the threshold was derived' }),
});

/** A screening rule that fired, and why. */
const ScreeningFinding = view({
  rule: z.string().meta({ examples: ['INCOME_BELOW_LINE', 'TRIGGER_2'] }),
  message: z.string(),
  figures: z.array(ComparedFigure),
  events: z.array(z.enum(ScreeningEventCodes as [ScreeningEvent, ...ScreeningEvent[]])),
  trigger: z.int().min(1).max(7).nullable(),
  nominates: z.boolean(),
});

/** What the screening rules suggest for a cadre's figures (the cadre decides). */
export const ScreeningResult = view('ScreeningResult', {
  policyVersion: z.string(),
  source: z.string().meta({ examples: ['cadre-screening'] }),
  suggestion: z.enum(['nominate-for-verification', 'no-risk-found']),
  suggestedTriggers: z.array(z.int().min(1).max(7)),
  suggestedClass: z.enum(HouseholdClasses).nullable(),
  findings: z.array(ScreeningFinding),
  triggersReportedNotShown: z.array(z.int().min(1).max(7)),
});

/** The answer to a cadre's screening: the rules' suggestion and, when reported, the case. */
export const ScreeningAnswer = view('ScreeningAnswer', {
  screening: ScreeningResult,
  receipt: AlertReceipt.nullable().meta({ description: 'null when the cadre found no risk' }),
});
export type ScreeningAnswer = z.infer<typeof ScreeningAnswer>;

/** A village's cadre screenings in a period (排查覆盖, plan §6.4): reported or not. */
export const VillageScreeningCoverage = view('VillageScreeningCoverage', {
  villageCode: z.string(),
  townshipCode: z.string(),
  screenings: z.int().min(0),
  householdsScreened: z.int().min(0).meta({ description: 'Distinct households visited' }),
  householdsReported: z.int().min(0).meta({ description: 'Of them, reported by the cadre' }),
});
export type VillageScreeningCoverage = z.infer<typeof VillageScreeningCoverage>;

export const ScreeningCoverage = view('ScreeningCoverage', {
  from: z.string().meta({ description: 'First day (Asia/Shanghai)' }),
  to: z.string().meta({ description: 'Last day (Asia/Shanghai), included' }),
  villages: z.array(VillageScreeningCoverage).meta({
    description: 'Villages of your jurisdiction with at least one screening in the period',
  }),
});
export type ScreeningCoverage = z.infer<typeof ScreeningCoverage>;
