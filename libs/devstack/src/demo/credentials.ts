import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { dataDir } from '../paths';
import { ApiClient } from './api-client';
import { seedDemoAccounts, type DemoCredentials } from './accounts';

/** The demo's own state (Temporal, PostgreSQL, secrets, accounts), apart from `npm start`'s. */
export const demoStateDir = path.join(dataDir, 'demo');
const file = path.join(demoStateDir, 'demo-accounts.json');

/** The demo accounts' credentials as kept in `.data/demo` (git-ignored), if they were made. */
export async function storedDemoCredentials(): Promise<DemoCredentials | undefined> {
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as DemoCredentials;
}

/**
 * Makes the demo accounts that are missing (the password is made once and kept), and keeps the
 * integration secrets the API shows only when an account is made.
 */
export async function demoCredentials(
  apiUrl: string,
  adminPassword: string,
): Promise<DemoCredentials> {
  const stored = (await storedDemoCredentials()) ?? {
    password: `demo-${randomBytes(9).toString('base64url')}`,
    clientSecrets: {},
  };
  const admin = { accountId: 'admin', password: adminPassword };
  const made = await seedDemoAccounts(new ApiClient(apiUrl), admin, stored.password);
  const credentials = { ...stored, clientSecrets: { ...stored.clientSecrets, ...made } };
  await mkdir(demoStateDir, { recursive: true });
  await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
