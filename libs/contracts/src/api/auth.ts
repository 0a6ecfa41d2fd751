import { z } from '../forms/zod';

import { instant, newPassword, view } from './fields';
import { AuthenticatedBy, Departments, Roles, SectorBureaus } from '../codes';

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
export const Actor = view('Actor', {
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
});
export type Actor = z.infer<typeof Actor>;

/** A short-lived access token, to send as `Authorization: Bearer <accessToken>`. */
export const Token = view('Token', {
  accessToken: z.string().meta({ description: 'HS256 JWT' }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.int().min(1).meta({ description: 'Seconds until the token expires' }),
  actor: Actor,
  lockedAt: instant.optional().meta({
    description:
      'When failed sign-ins last locked this account since its previous sign-in, if they did: if it was not you, tell an administrator',
  }),
});
export type Token = z.infer<typeof Token>;

/**
 * The staff console's session, as `POST /v1/auth/session` answers it. The access token itself is
 * only in the HttpOnly cookie `fanpin_console`: no script of the page can read it.
 */
export const Session = view('Session', {
  actor: Actor,
  expiresAt: instant.meta({ description: 'When the session ends: sign in again after it' }),
  expiresIn: z.int().min(1).meta({ description: 'Seconds until the session ends' }),
  csrfToken: z.string().meta({
    description:
      'To send as the X-CSRF-Token header with every POST, PUT, PATCH and DELETE of this session (also in the cookie fanpin_csrf)',
  }),
  lockedAt: Token.shape.lockedAt,
});
export type Session = z.infer<typeof Session>;

/** The signed-in account as `GET /v1/auth/me` shows it: who, and until when. */
export const Me = view('Me', {
  ...Actor.shape,
  authenticatedBy: z.enum(AuthenticatedBy),
  expiresAt: instant.meta({ description: 'When the access token or the session ends' }),
  csrfToken: z.string().optional().meta({
    description: 'Signed in by the session cookie: the X-CSRF-Token of this session',
  }),
});
export type Me = z.infer<typeof Me>;

/** A change of one's own password (staff accounts). */
export const PasswordChange = z
  .strictObject({
    currentPassword: z.string().min(1).max(128),
    newPassword,
  })
  .meta({ id: 'PasswordChangeForm' });
export type PasswordChange = z.infer<typeof PasswordChange>;
