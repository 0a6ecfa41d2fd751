import { z } from './zod';

import { calendarDate, form, plainText, refuse, whyCode } from './fields';

/** The income line, yuan per person per year (2021: 6000). */
const incomeLine = z
  .int()
  .min(1)
  .max(1_000_000)
  .meta({
    description: 'Yuan per person per year (2021: 6000, 1.5 × the national poverty standard)',
    examples: [7200],
  });

/**
 * The thresholds beside the line, each as the plan's 2021 policy sets it when left out (see
 * `ScreeningPolicy` in the domain library).
 */
const thresholds = {
  marginalBandPercent: z.int().min(100).max(400).optional().meta({
    description: 'Top of the marginal band above the line, in percent of it (default 150)',
  }),
  marginalBandNominates: z.boolean().optional().meta({
    description: 'Whether income in the marginal band alone suggests a nomination (default false)',
  }),
  rigidExpensesPercent: z.int().min(1).max(1000).optional().meta({
    description: "Rigid expenses above this percent of last year's household income (default 100)",
  }),
  sharpDropPercent: z.int().min(1).max(99).optional().meta({
    description: "A fall of at least this percent of last year's income is sharp (default 30)",
  }),
};

/** A year's draft line and thresholds, as the city bureau prepares it for publication. */
export const PolicyYearForm = form({
  incomeLine,
  ...thresholds,
  validFrom: calendarDate.meta({ description: 'First day the line is in force' }),
  validUntil: calendarDate.meta({ description: 'Last day the line is in force' }),
  noticeRef: plainText(200).meta({
    description: "The city's notice that sets the line",
    examples: ['临政办发〔2024〕3号'],
  }),
})
  .superRefine((draft, ctx) => {
    if (draft.validUntil < draft.validFrom) {
      refuse(ctx, 'validUntil', 'must not come before validFrom', 'order');
    }
  })
  .meta({ id: 'PolicyYearForm', title: '年度监测标准 a year’s income line (draft)' });
export type PolicyYearForm = z.infer<typeof PolicyYearForm>;

/** Publishes the year's draft: the revision names the draft that was reviewed. */
export const PolicyPublishForm = form({
  revision: z.int().min(1).max(1000).meta({ description: 'The draft’s revision, as listed' }),
}).meta({ id: 'PolicyPublishForm', title: '发布 publish a year’s line' });
export type PolicyPublishForm = z.infer<typeof PolicyPublishForm>;

/** A what-if run: a draft line and thresholds judged against the latest figures of every household. */
export const PolicyWhatIfForm = form({
  incomeLine,
  marginalBandPercent: thresholds.marginalBandPercent,
  marginalBandNominates: thresholds.marginalBandNominates,
  listLimit: z.int().min(0).max(10_000).optional().meta({
    description:
      'At most this many household keys listed per township and direction (default 1000); the counts are always whole',
  }),
}).meta({ id: 'PolicyWhatIfForm', title: '测算 what-if of a draft line' });
export type PolicyWhatIfForm = z.infer<typeof PolicyWhatIfForm>;

/** The city bureau moves a running case onto the lines published now (an audited decision). */
export const CasePolicyMoveForm = form({
  reasonCode: whyCode('LINE_REVISED'),
}).meta({ id: 'CasePolicyMoveForm', title: '适用新标准 move a case onto the published lines' });
export type CasePolicyMoveForm = z.infer<typeof CasePolicyMoveForm>;
