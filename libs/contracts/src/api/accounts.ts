import { z } from '../forms/zod';

import { instant, newPassword, view } from './fields';
import { AccountKinds, Roles } from '../codes';

/** An account as administrators see it: codes and status, never a password or secret hash. */
export const Account = view('Account', {
  accountId: z.string().meta({ examples: ['city-officer-7'] }),
  kind: z.enum(AccountKinds).meta({
    description: 'staff sign in with a password; integration with client credentials',
  }),
  role: z.enum(Roles),
  divisionCode: z.string().nullable(),
  org: z.string().nullable(),
  householdKey: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: instant.nullable().meta({
    description:
      'Locked by failed sign-ins until then (an administrator may unlock it sooner); null when not locked',
  }),
  createdAt: instant,
  clientSecret: z.string().optional().meta({
    description: 'Integration accounts, at creation only: shown once, never again',
  }),
});
export type Account = z.infer<typeof Account>;

export const AccountList = z.array(Account).meta({ id: 'AccountList' });
export type AccountList = z.infer<typeof AccountList>;

/** An administrator's reset of a staff account's password (its sessions end). */
export const PasswordReset = z
  .strictObject({
    newPassword,
  })
  .meta({ id: 'PasswordResetForm' });
export type PasswordReset = z.infer<typeof PasswordReset>;
