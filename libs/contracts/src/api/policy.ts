import { z } from '../forms/zod';

import { count, divisionCode, instant, view } from './fields';

const date = z.string().meta({ format: 'date' });

/** A year's line as a case keeps it: its version, year, line and validity. */
export const PolicyYearLineView = view('PolicyYearLine', {
  version: z.string().meta({ examples: ['2024-r1'] }),
  year: count,
  incomeLine: count,
  validFrom: date,
  validUntil: date,
});
export type PolicyYearLine = z.infer<typeof PolicyYearLineView>;

/** A revision of a year's income line and thresholds: a draft, or published and fixed. */
export const PolicyYearView = view('PolicyYear', {
  version: z.string().meta({ description: '<year>-r<revision>', examples: ['2024-r1'] }),
  year: count,
  revision: count,
  status: z.enum(['draft', 'published']),
  incomeLine: count,
  marginalBandPercent: count,
  marginalBandNominates: z.boolean(),
  rigidExpensesPercent: count,
  sharpDropPercent: count,
  validFrom: date,
  validUntil: date,
  noticeRef: z.string(),
  draftedBy: z.string(),
  draftedAt: instant,
  publishedBy: z.string().nullable(),
  publishedAt: instant.nullable(),
});
export type PolicyYearView = z.infer<typeof PolicyYearView>;

export const PolicyYearsView = view('PolicyYears', {
  years: z.array(PolicyYearView).meta({ description: 'By year, then revision' }),
  inForce: z.array(PolicyYearLineView).meta({
    description: 'The latest published revision of each year: what a new case keeps',
  }),
});
export type PolicyYearsView = z.infer<typeof PolicyYearsView>;

const keys = z.array(z.string()).meta({ description: 'Household keys (keyed hashes), ascending' });

/** What a draft line would change in one township. */
export const WhatIfTownshipView = view('WhatIfTownship', {
  townshipCode: divisionCode,
  households: count.meta({ description: 'Households with figures known' }),
  monitored: count.meta({ description: 'Of them, monitored now (included)' }),
  added: count.meta({ description: 'Below the draft line and not monitored' }),
  released: count.meta({ description: 'Monitored and at or above the draft line' }),
  addedHouseholds: keys,
  releasedHouseholds: keys,
});

/** A what-if run of a draft line over the latest figures of every household: no case changes. */
export const WhatIfView = view('WhatIf', {
  incomeLine: count,
  withinBelow: z.number().meta({
    description:
      'Income per person (yuan) below which a household falls within the draft: the line, or the top of the marginal band when the band nominates',
  }),
  households: count,
  added: count,
  released: count,
  listLimit: count,
  townships: z.array(WhatIfTownshipView).meta({ description: 'By township code' }),
});
export type WhatIfView = z.infer<typeof WhatIfView>;

/** A case moved onto the published lines. */
export const CasePolicyMoveAnswer = view('CasePolicyMoveAnswer', {
  caseId: z.string(),
  yearLines: z.array(PolicyYearLineView),
});
export type CasePolicyMoveAnswer = z.infer<typeof CasePolicyMoveAnswer>;
