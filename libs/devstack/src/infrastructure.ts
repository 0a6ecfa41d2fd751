import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { runMigrations } from '@fanpin/persistence';

import type { Log } from './log';
import { dataDir } from './paths';
import { freePort, isPortInUse } from './ports';
import {
  createScratchDatabase,
  existingDatabase,
  startEmbeddedPostgres,
  type Database,
} from './postgres';
import { locateTemporalCli } from './temporal-cli';
import { startDevServer, useExistingServer, type TemporalServer } from './temporal-server';

export interface Infrastructure {
  temporal: TemporalServer;
  database: Database;
  /** Where this run keeps its logs. */
  logDir: string;
  stop(): Promise<void>;
}

async function requireFreePort(port: number, what: string, override: string): Promise<number> {
  if (await isPortInUse(port)) {
    throw new Error(
      `port ${port} (${what}) is in use: stop what listens there, or set ${override}`,
    );
  }
  return port;
}

/** Development: fixed ports, data kept under `.data/` between runs. */
async function forDevelopment(
  env: NodeJS.ProcessEnv,
  log: Log,
): Promise<Omit<Infrastructure, 'stop'>> {
  const logDir = path.join(dataDir, 'logs');
  const temporal = env.TEMPORAL_ADDRESS
    ? await useExistingServer(env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE ?? 'default', log)
    : await startDevServer(
        {
          cli: await locateTemporalCli(log, env),
          port: await requireFreePort(
            Number(env.TEMPORAL_PORT ?? 7233),
            'Temporal',
            'TEMPORAL_PORT',
          ),
          uiPort: await requireFreePort(
            Number(env.TEMPORAL_UI_PORT ?? 8233),
            'Temporal UI',
            'TEMPORAL_UI_PORT',
          ),
          dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
          logFile: path.join(logDir, 'temporal.log'),
        },
        log,
      );
  const database = env.DATABASE_URL
    ? existingDatabase(env.DATABASE_URL)
    : await startEmbeddedPostgres(
        {
          dataDir: path.join(dataDir, 'postgres'),
          port: await requireFreePort(
            Number(env.PG_PORT ?? 54329),
            'embedded PostgreSQL',
            'PG_PORT',
          ),
          persistent: true,
          supervisorHandlesSignals: true,
        },
        log,
      );
  return { temporal, database, logDir };
}

/** Servers left running by a previous run that was killed (Ctrl-C in Jest, SIGKILL). */
async function stopLeftovers(runDir: string, log: Log): Promise<void> {
  const pidFiles = [
    path.join(runDir, 'temporal.pid'),
    path.join(runDir, 'postgres', 'postmaster.pid'),
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

/** Tests and benchmarks: free ports, a scratch database, nothing kept but the logs. */
async function forTests(
  env: NodeJS.ProcessEnv,
  runDir: string,
  log: Log,
): Promise<Omit<Infrastructure, 'stop'>> {
  await stopLeftovers(runDir, log);
  await rm(runDir, { recursive: true, force: true });
  const logDir = path.join(runDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const [temporal, database] = await Promise.all([
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
      : freePort().then((port) =>
          startEmbeddedPostgres(
            {
              dataDir: path.join(runDir, 'postgres'),
              port,
              persistent: false,
              supervisorHandlesSignals: false,
            },
            log,
          ),
        ),
  ]);
  return { temporal, database, logDir };
}

/** Temporal and PostgreSQL, ready, with every migration applied. */
export async function startInfrastructure(
  purpose: 'development' | 'test',
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  runDir = path.join(dataDir, 'test-run'),
): Promise<Infrastructure> {
  const parts =
    purpose === 'development' ? await forDevelopment(env, log) : await forTests(env, runDir, log);
  const stop = async (): Promise<void> => {
    await Promise.allSettled([parts.temporal.stop(), parts.database.stop()]);
  };
  try {
    const applied = await runMigrations(parts.database.url);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...parts, stop };
}

/** A household-key secret for development, made once and kept in `.data/` (git-ignored). */
export async function developmentSecret(): Promise<string> {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(await readFile(file, 'utf8')) as { householdKeySecret?: string };
    if (stored.householdKeySecret) return stored.householdKeySecret;
  }
  const householdKeySecret = randomBytes(32).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify({ householdKeySecret }, null, 2), { mode: 0o600 });
  return householdKeySecret;
}
