import { z } from '../forms/zod';

import { view } from './fields';

/** A household in the caller's jurisdiction: its head's numbers masked. */
export const HouseholdView = view({
  householdKey: z.string(),
  villageCode: z.string(),
  townshipCode: z.string(),
  caseId: z.string().meta({ description: 'The workflow id of its case' }),
  head: view({
    name: z.string(),
    residentId: z.string().meta({
      description: 'Masked: first 6 and last 4 characters',
      examples: ['220681********123X'],
    }),
    phone: z
      .string()
      .nullable()
      .meta({ examples: ['138****8000'] }),
  }),
}).meta({ id: 'Household' });
export type HouseholdView = z.infer<typeof HouseholdView>;

/** The head's full resident ID number and phone: every read is written to the audit log. */
/** Why a member of staff reads a head's full resident ID number: recorded in the audit log. */
export const ResidentIdReasons = [
  'home-visit',
  'identity-check',
  'national-entry',
  'assistance-payment',
  'record-correction',
] as const;
export type ResidentIdReason = (typeof ResidentIdReasons)[number];

export const ResidentIdView = view({
  householdKey: z.string(),
  residentId: z.string().meta({ description: 'In full' }),
  phone: z.string().nullable(),
}).meta({ id: 'ResidentId' });
export type ResidentIdView = z.infer<typeof ResidentIdView>;

/** A household's move (迁移), as the API carried it out. */
export const HouseholdMoved = view({
  householdKey: z.string(),
  fromVillageCode: z.string(),
  villageCode: z.string().meta({ description: 'Where the household lives now' }),
  caseId: z.string().nullable().meta({
    description: 'The running case that moved with it (its open tasks too), or null when none runs',
  }),
}).meta({ id: 'HouseholdMoved' });
export type HouseholdMoved = z.infer<typeof HouseholdMoved>;
