import { z } from '../forms/zod';

import { Departments, Roles } from '../access';
import { SectorBureaus } from '../case';
import { instant, view } from './fields';

/** The sector bureaus and departments an account may belong to, each named once. */
const Orgs = [...new Set([...SectorBureaus, ...Departments])] as [
  (typeof SectorBureaus)[number] | (typeof Departments)[number],
  ...((typeof SectorBureaus)[number] | (typeof Departments)[number])[],
];

/**
 * The acting account, as the API hands it to workflows and activities and shows it to the account
 * itself. Codes only: the account id is a login code chosen by an administrator, never a person's
 * name or number.
 */
export const Actor = view({
  id: z.string().meta({ description: 'Account id (a code)', examples: ['cadre-220681101200-1'] }),
  role: z.enum(Roles),
  divisionCode: z.string().nullable().meta({
    description:
      'Division code the role applies to (6, 9 or 12 digits); null for supervisor, administrator and household',
  }),
  org: z.enum(Orgs).nullable().meta({
    description: 'The sector bureau or department the account belongs to, for those roles',
  }),
  householdKey: z.string().nullable().meta({
    description: "The household's key, for the household role only",
  }),
}).meta({ id: 'Actor' });
export type Actor = z.infer<typeof Actor>;

/** A short-lived access token, to send as `Authorization: Bearer <accessToken>`. */
export const Token = view({
  accessToken: z.string().meta({ description: 'HS256 JWT' }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.int().min(1).meta({ description: 'Seconds until the token expires' }),
  actor: Actor,
  lockedAt: instant.optional().meta({
    description:
      'When failed sign-ins last locked this account since its previous sign-in, if they did: if it was not you, tell an administrator',
  }),
}).meta({ id: 'Token' });
export type Token = z.infer<typeof Token>;
