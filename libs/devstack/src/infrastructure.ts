import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { roleOfUrl, runMigrations } from '@fanpin/persistence';

import { withRoles, type RoleOptions } from './database-roles';
import type { Log } from './log';
import { dataDir } from './paths';
import { freePort, isPortInUse } from './ports';
import {
  createScratchDatabase,
  existingDatabase,
  startEmbeddedPostgres,
  type Database,
  type Server,
} from './postgres';
import { startTemporalAuthority } from './temporal-auth';
import { locateTemporalCli } from './temporal-cli';
import { locateTemporalUi, startTemporalUi } from './temporal-ui';
import { defaultPorts, newSecrets, type SystemSecrets } from './services';
import {
  freeServerPort,
  locateTemporalServer,
  prepareTemporalDatabases,
  startPostgresServer,
  type PostgresServerOptions,
} from './temporal-postgres';
import { startDevServer, useExistingServer, type TemporalServer } from './temporal-server';

export interface Infrastructure {
  temporal: TemporalServer;
  database: Database;
  /** Where this run keeps its logs. */
  logDir: string;
  stop(): Promise<void>;
}

/** A purpose's Temporal server and database, with `dir` its state (or run) folder. */
type Stack = (
  env: NodeJS.ProcessEnv,
  log: Log,
  dir: string,
) => Promise<Omit<Infrastructure, 'stop'>>;

/** The port `env[variable]` names, else `fallback`; refused when something listens there already. */
async function requireFreePort(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
  what: string,
): Promise<number> {
  const port = Number(env[variable] ?? fallback);
  if (await isPortInUse(port)) {
    throw new Error(
      `port ${port} (${what}) is in use: stop what listens there, or set ${variable}`,
    );
  }
  return port;
}

/** PostgreSQL kept under `stateDir` between runs (embedded), or DATABASE_URL's server. */
async function keptPostgres(env: NodeJS.ProcessEnv, log: Log, stateDir: string): Promise<Server> {
  return env.DATABASE_URL
    ? existingDatabase(env.DATABASE_URL)
    : startEmbeddedPostgres(
        {
          dataDir: path.join(stateDir, 'postgres'),
          port: await requireFreePort(env, 'PG_PORT', 54329, 'embedded PostgreSQL'),
          persistent: true,
          supervisorHandlesSignals: true,
        },
        log,
      );
}

/** The Temporal server's and its Web UI's fixed ports (TEMPORAL_PORT, TEMPORAL_UI_PORT), free. */
async function fixedTemporalPorts(
  env: NodeJS.ProcessEnv,
): Promise<{ port: number; uiPort: number }> {
  return {
    port: await requireFreePort(env, 'TEMPORAL_PORT', 7233, 'Temporal'),
    uiPort: await requireFreePort(env, 'TEMPORAL_UI_PORT', 8233, 'Temporal UI'),
  };
}

/** The roles of `server` (see database-roles.ts); `temporal` is stopped when they cannot be made. */
function rolesBeside(
  temporal: TemporalServer,
  server: Server,
  options: RoleOptions,
  log: Log,
): Promise<Database> {
  return withRoles(server, options, log).catch(async (error: unknown) => {
    await temporal.stop();
    throw error;
  });
}

/** The roles of the application's database; `temporal` is stopped when they cannot be made. */
function applicationRoles(
  env: NodeJS.ProcessEnv,
  log: Log,
  stateDir: string,
  server: Server,
  temporal: TemporalServer,
): Promise<Database> {
  // DATABASE_APP_URL only beside DATABASE_URL: the embedded server's roles are always made here.
  const appUrl = env.DATABASE_URL ? env.DATABASE_APP_URL : undefined;
  return rolesBeside(temporal, server, { stateDir, ...(appUrl ? { appUrl } : {}) }, log);
}

/**
 * The Temporal server on `server` (its role, databases and schemas made first, the binaries built
 * once), its JWT authorizer on unless TEMPORAL_AUTH=off; `server` is stopped when the Temporal
 * server cannot be started.
 */
async function temporalOnPostgres(
  env: NodeJS.ProcessEnv,
  log: Log,
  server: Server,
  stateDir: string,
  options: Omit<PostgresServerOptions, 'bins' | 'database' | 'runDir' | 'authority'> & {
    /** The supervisors' read-only Web UI server, unless TEMPORAL_UI=off. */
    uiPort: number;
  },
): Promise<TemporalServer> {
  const authority =
    env.TEMPORAL_AUTH === 'off'
      ? undefined
      : await startTemporalAuthority(path.join(stateDir, 'temporal-auth'), log);
  try {
    const bins = await locateTemporalServer(log, env);
    const database = await prepareTemporalDatabases(server.url, stateDir, bins, log);
    const runDir = path.join(stateDir, 'temporal-server');
    const temporal = await startPostgresServer(
      { ...options, bins, database, runDir, ...(authority ? { authority } : {}) },
      log,
    );
    const ui =
      env.TEMPORAL_UI === 'off'
        ? undefined
        : await startTemporalUi(
            {
              binary: await locateTemporalUi(log, env),
              temporalAddress: temporal.address,
              namespace: options.namespace ?? 'default',
              port: options.uiPort,
              // Relative: the browser calls it on the API's origin, with the session cookie.
              codecEndpoint: '/codec',
              runDir: path.join(stateDir, 'temporal-ui'),
              logFile: path.join(path.dirname(options.logFile), 'temporal-ui.log'),
            },
            log,
          ).catch(async (error: unknown) => {
            await temporal.stop();
            throw error;
          });
    return {
      ...temporal,
      ...(ui ? { uiUpstream: ui.upstream } : {}),
      stop: async () => {
        await ui?.stop();
        await temporal.stop();
        await authority?.stop();
      },
    };
  } catch (error) {
    await authority?.stop();
    await server.stop();
    throw error;
  }
}

/**
 * The production shape on one machine (`npm run start:server`): the Temporal server itself on
 * PostgreSQL, beside the application's database on the same PostgreSQL with roles of its own.
 */
const forServer: Stack = async (env, log, stateDir) => {
  const logDir = path.join(stateDir, 'logs');
  const server = await keptPostgres(env, log, stateDir);
  const temporal = await temporalOnPostgres(env, log, server, stateDir, {
    logFile: path.join(logDir, 'temporal.log'),
    ...(await fixedTemporalPorts(env)),
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    retentionDays: Number(env.TEMPORAL_RETENTION_DAYS ?? 30),
    ...(env.TEMPORAL_METRICS_PORT ? { metricsPort: Number(env.TEMPORAL_METRICS_PORT) } : {}),
  });
  const database = await applicationRoles(env, log, stateDir, server, temporal);
  return { temporal, database, logDir };
};

/** Development: fixed ports, data kept under `stateDir` (`.data/`) between runs. */
const forDevelopment: Stack = async (env, log, stateDir) => {
  const logDir = path.join(stateDir, 'logs');
  const temporal = env.TEMPORAL_ADDRESS
    ? await useExistingServer(env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE ?? 'default', log)
    : await startDevServer(
        {
          cli: await locateTemporalCli(log, env),
          ...(await fixedTemporalPorts(env)),
          dbFile: path.join(stateDir, 'temporal', 'temporal.db'),
          logFile: path.join(logDir, 'temporal.log'),
          uiCodecEndpoint: `http://127.0.0.1:${env.API_PORT ?? defaultPorts.api}/codec`,
        },
        log,
      );
  const server = await keptPostgres(env, log, stateDir);
  const database = await applicationRoles(env, log, stateDir, server, temporal);
  return { temporal, database, logDir };
};

/** Servers left running by a previous run that was killed (Ctrl-C in Jest, SIGKILL). */
async function stopLeftovers(runDir: string, log: Log): Promise<void> {
  // Suites that run a Temporal server of their own keep its pid in `<suite>-temporal/`.
  const ownServers = (await readdir(runDir).catch(() => [] as string[]))
    .filter((entry) => entry.endsWith('-temporal'))
    .map((entry) => path.join(runDir, entry, 'temporal.pid'));
  const pidFiles = [
    path.join(runDir, 'temporal.pid'),
    path.join(runDir, 'postgres', 'postmaster.pid'),
    ...ownServers,
  ];
  for (const file of pidFiles) {
    const pid = Number((await readFile(file, 'utf8').catch(() => '')).split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 'SIGTERM');
      log(`stopped a server left over from a previous run (pid ${pid})`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } catch {
      // Already gone.
    }
  }
}

/** A run's folder emptied of an earlier run (its servers stopped); its log folder. */
async function freshRunDir(runDir: string, log: Log): Promise<string> {
  await stopLeftovers(runDir, log);
  await rm(runDir, { recursive: true, force: true });
  const logDir = path.join(runDir, 'logs');
  await mkdir(logDir, { recursive: true });
  return logDir;
}

/** An embedded PostgreSQL on a free port, gone with the run. */
async function scratchPostgres(runDir: string, log: Log): Promise<Server> {
  return startEmbeddedPostgres(
    {
      dataDir: path.join(runDir, 'postgres'),
      port: await freePort(),
      persistent: false,
      supervisorHandlesSignals: false,
    },
    log,
  );
}

/** Tests and benchmarks: free ports, a scratch database, nothing kept but the logs. */
const forTests: Stack = async (env, log, runDir) => {
  const logDir = await freshRunDir(runDir, log);
  const [temporal, server] = await Promise.all([
    env.TEMPORAL_ADDRESS
      ? useExistingServer(env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE ?? 'default', log)
      : locateTemporalCli(log, env).then(async (cli) =>
          startDevServer(
            {
              cli,
              port: await freePort(),
              uiPort: await freePort(),
              dbFile: path.join(runDir, 'temporal.db'),
              logFile: path.join(logDir, 'temporal.log'),
              pidFile: path.join(runDir, 'temporal.pid'),
            },
            log,
          ),
        ),
    env.DATABASE_URL
      ? createScratchDatabase(
          env.DATABASE_URL,
          `fanpin_test_${process.pid}_${randomBytes(3).toString('hex')}`,
          log,
        )
      : scratchPostgres(runDir, log),
  ]);
  // A scratch database gets roles of its own, dropped with it; DATABASE_APP_URL is not used here.
  const database = await rolesBeside(
    temporal,
    server,
    { stateDir: runDir, ...(env.DATABASE_URL ? { dropRolesVia: env.DATABASE_URL } : {}) },
    log,
  );
  return { temporal, database, logDir };
};

/**
 * Tests of the production shape (`npm run test:cluster`): as `forTests`, with the Temporal server
 * itself on the scratch PostgreSQL instead of the dev server.
 */
const forServerTests: Stack = async (env, log, runDir) => {
  const logDir = await freshRunDir(runDir, log);
  const server = await scratchPostgres(runDir, log);
  const temporal = await temporalOnPostgres(env, log, server, runDir, {
    logFile: path.join(logDir, 'temporal.log'),
    port: await freeServerPort(),
    pidFile: path.join(runDir, 'temporal.pid'),
    retentionDays: 1,
    uiPort: await freePort(),
  });
  const database = await rolesBeside(temporal, server, { stateDir: runDir }, log);
  return { temporal, database, logDir };
};

/** Each purpose's stack, by the name `startInfrastructure` takes. */
const stacks = {
  development: forDevelopment,
  server: forServer,
  test: forTests,
  'server-test': forServerTests,
} satisfies Record<string, Stack>;

/**
 * Temporal and PostgreSQL, ready, with the database roles in place and every migration applied. Development keeps its state in
 * `runDir` (`.data/`, or `.data/demo` for the demo); tests start afresh in it (`.data/test-run`).
 */
export async function startInfrastructure(
  purpose: keyof typeof stacks,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  runDir = purpose.endsWith('test') ? path.join(dataDir, 'test-run') : dataDir,
): Promise<Infrastructure> {
  const parts = await stacks[purpose](env, log, runDir);
  const stop = async (): Promise<void> => {
    await Promise.allSettled([parts.temporal.stop(), parts.database.stop()]);
  };
  try {
    const applied = await runMigrations(
      parts.database.ownerUrl,
      roleOfUrl(parts.database.appUrl).name,
    );
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...parts, stop };
}

/**
 * The development secrets, made once and kept in `.data/` (git-ignored), so that data written by one
 * `npm start` can be read by the next. Values given in the environment win.
 */
export async function developmentSecrets(
  env: NodeJS.ProcessEnv = process.env,
  stateDir = dataDir,
): Promise<DevelopmentSecrets> {
  const file = path.join(stateDir, 'dev-secrets.json');
  const stored: Partial<DevelopmentSecrets> = existsSync(file)
    ? (JSON.parse(await readFile(file, 'utf8')) as Partial<DevelopmentSecrets>)
    : {};
  const fresh = { ...newSecrets(), adminPassword: randomBytes(12).toString('base64url') };
  const secrets: DevelopmentSecrets = { ...fresh, ...stored };
  if (Object.keys(stored).length !== Object.keys(secrets).length) {
    await mkdir(stateDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  const fromEnv = {
    householdKeySecret: env.HOUSEHOLD_KEY_SECRET,
    piiEncryptionKey: env.PII_ENCRYPTION_KEY,
    payloadCodecKey: env.PAYLOAD_CODEC_KEY,
    authTokenSecret: env.AUTH_TOKEN_SECRET,
    commandSigningKey: env.COMMAND_SIGNING_KEY,
    adminPassword: env.BOOTSTRAP_ADMIN_PASSWORD,
  };
  for (const [key, value] of Object.entries(fromEnv)) {
    if (value) secrets[key as keyof DevelopmentSecrets] = value;
  }
  return secrets;
}

export type DevelopmentSecrets = SystemSecrets & { adminPassword: string };
