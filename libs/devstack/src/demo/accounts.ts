import type { Role } from '@fanpin/contracts';

import { type ApiClient, type Credentials } from './api-client';

/** The demo's place: 砬台村 of 六道沟镇, 临江市 (real division codes). */
export const DemoVillage = { county: '220681', township: '220681101', village: '220681101200' };

interface DemoAccount {
  accountId: string;
  role: Role;
  /** Who this is, for the banner. */
  label: string;
  divisionCode?: string;
  org?: string;
  kind?: 'staff' | 'integration';
}

/** An account of every role that works a case (a household's own account needs its household). */
export const DemoAccounts: readonly DemoAccount[] = [
  {
    accountId: 'demo-bureau-health',
    role: 'sector-bureau',
    label: '市卫生健康局 (integration)',
    divisionCode: DemoVillage.county,
    org: 'health',
    kind: 'integration',
  },
  {
    accountId: 'demo-cadre',
    role: 'village-cadre',
    label: '砬台村 村干部',
    divisionCode: DemoVillage.village,
  },
  {
    accountId: 'demo-committee',
    role: 'village-committee',
    label: '砬台村 村"两委"',
    divisionCode: DemoVillage.village,
  },
  {
    accountId: 'demo-township',
    role: 'township-officer',
    label: '六道沟镇 乡镇干部',
    divisionCode: DemoVillage.township,
  },
  {
    accountId: 'demo-city',
    role: 'city-bureau',
    label: '市乡村振兴局',
    divisionCode: DemoVillage.county,
  },
  {
    accountId: 'demo-hrss',
    role: 'lead-department',
    label: '市人社局 (employment measures)',
    divisionCode: DemoVillage.county,
    org: 'human-resources',
  },
  {
    accountId: 'demo-civil-affairs',
    role: 'lead-department',
    label: '市民政局 (safety-net measures)',
    divisionCode: DemoVillage.county,
    org: 'civil-affairs',
  },
  { accountId: 'demo-supervisor', role: 'supervisor', label: '督导组 (read-only)' },
];

/** What the demo's accounts sign in with: one password for the staff, a secret for the bureau. */
export interface DemoCredentials {
  password: string;
  /** Integration secrets by account id, shown once when the account is made. */
  clientSecrets: Record<string, string>;
}

export function credentialsOf(accountId: string, demo: DemoCredentials): Credentials {
  const secret = demo.clientSecrets[accountId];
  return secret ? { accountId, clientSecret: secret } : { accountId, password: demo.password };
}

/**
 * Makes the demo accounts that do not exist yet (the administrator makes them, as in real life).
 * Returns the integration secrets it was given; an existing integration keeps its secret.
 */
export async function seedDemoAccounts(
  api: ApiClient,
  admin: Credentials,
  password: string,
): Promise<Record<string, string>> {
  const asAdmin = await api.as(admin);
  const secrets: Record<string, string> = {};
  for (const account of DemoAccounts) {
    const kind = account.kind ?? 'staff';
    const answer = await asAdmin.call<{ clientSecret?: string; code?: string }>(
      'POST',
      '/v1/admin/accounts',
      {
        accountId: account.accountId,
        kind,
        role: account.role,
        ...(account.divisionCode ? { divisionCode: account.divisionCode } : {}),
        ...(account.org ? { org: account.org } : {}),
        ...(kind === 'staff' ? { password } : {}),
      },
    );
    if (answer.status === 201 && answer.body.clientSecret) {
      secrets[account.accountId] = answer.body.clientSecret;
    } else if (answer.status !== 201 && answer.body.code !== 'ACCOUNT.EXISTS') {
      throw new Error(
        `account ${account.accountId}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
  }
  return secrets;
}
