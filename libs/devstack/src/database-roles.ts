import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { dropDatabaseRoles, prepareDatabaseRoles, urlForRole } from '@fanpin/persistence';

import type { Log } from './log';
import type { Database, Server } from './postgres';

interface RolePasswords {
  owner: string;
  app: string;
}

/** `<database>_owner` and `<database>_app`: one pair per database, so test runs never share. */
export function roleNames(url: string): { owner: string; app: string } {
  const database = new URL(url).pathname.slice(1);
  const base =
    database
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 56) || 'fanpin';
  const prefix = /^[a-z_]/.test(base) ? base : `_${base}`.slice(0, 56);
  return { owner: `${prefix}_owner`, app: `${prefix}_app` };
}

/** The roles' passwords, made once per state folder (git-ignored, readable only by its owner). */
async function passwords(stateDir: string): Promise<RolePasswords> {
  const file = path.join(stateDir, 'database-roles.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as RolePasswords;
  const fresh = {
    owner: randomBytes(18).toString('base64url'),
    app: randomBytes(18).toString('base64url'),
  };
  await mkdir(stateDir, { recursive: true });
  await writeFile(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fresh;
}

export interface RoleOptions {
  /** Where the roles' passwords are kept. */
  stateDir: string;
  /** DATABASE_APP_URL: the services' role, made by the user; DATABASE_URL is then the owner's. */
  appUrl?: string;
  /** A server URL to drop the roles through once the database is gone (a scratch database). */
  dropRolesVia?: string;
}

/**
 * The database seen through its three connections: the administrator's (`server.url`, for tools and
 * tests), the owner's (migrations) and the application's (services). Without DATABASE_APP_URL the
 * roles are created here, which needs a superuser or CREATEROLE.
 */
export async function withRoles(server: Server, options: RoleOptions, log: Log): Promise<Database> {
  if (options.appUrl) return { ...server, ownerUrl: server.url, appUrl: options.appUrl };
  const names = roleNames(server.url);
  const secret = await passwords(options.stateDir);
  const owner = { name: names.owner, password: secret.owner };
  const app = { name: names.app, password: secret.app };
  try {
    await prepareDatabaseRoles(server.url, { owner, app });
  } catch (error) {
    await server.stop();
    if ((error as { code?: string }).code !== '42501') throw error; // 42501: not allowed
    throw new Error(
      `the DATABASE_URL user may not create roles (${(error as Error).message}): give it ` +
        'CREATEROLE, or create an application role yourself and set DATABASE_APP_URL ' +
        '(DATABASE_URL then being the role that owns the tables)',
    );
  }
  log(`database roles ready: ${owner.name} (migrations), ${app.name} (services)`);
  const { dropRolesVia } = options;
  return {
    ...server,
    ownerUrl: urlForRole(server.url, owner),
    appUrl: urlForRole(server.url, app),
    stop: async () => {
      await server.stop();
      if (dropRolesVia) await dropDatabaseRoles(dropRolesVia, [owner.name, app.name]);
    },
  };
}
