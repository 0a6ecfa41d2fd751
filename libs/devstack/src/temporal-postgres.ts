import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client } from 'pg';

import { run, which } from './exec';
import type { Log } from './log';
import { cacheDir, workspaceRoot } from './paths';
import { isPortInUse } from './ports';
import { stopChild } from './process';
import type { TemporalAuthority } from './temporal-auth';
import { answers, registerSearchAttributes, type TemporalServer } from './temporal-server';
import { waitFor } from './wait';

/**
 * The production shape of Temporal on one machine, without Docker: the Temporal server (the one the
 * pinned CLI embeds) with PostgreSQL persistence and PostgreSQL visibility, its schemas created and
 * upgraded by the server's own `sql` tool from the module's `schema/postgresql/v12` folders, the
 * namespace registered with the city's retention and the project's search attributes. The binaries
 * are built once from their Go module into the cache folder, as the CLI is.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';

export interface ServerBinaries {
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12` of the module: `temporal/versioned` and `visibility/versioned`. */
  schemaDir: string;
}

const cachedDir = (env: NodeJS.ProcessEnv) =>
  path.join(cacheDir(env), `temporal-server-${TEMPORAL_SERVER_VERSION}`);

/** The server and its schema tool, built with Go into the cache folder when missing. */
export async function locateTemporalServer(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerBinaries> {
  const go = await which('go');
  const dir = cachedDir(env);
  const server = path.join(dir, 'server');
  const sqlTool = path.join(dir, 'sql');
  if (!existsSync(server) || !existsSync(sqlTool)) {
    if (!go)
      throw new Error(`Go 1.25+ is needed to build the Temporal server ${TEMPORAL_SERVER_VERSION}`);
    await mkdir(dir, { recursive: true });
    log(
      `building the Temporal server ${TEMPORAL_SERVER_VERSION} and its sql tool with Go (once; about 4–7 minutes on 2 cores)`,
    );
    const started = Date.now();
    await run(
      go,
      [
        'install',
        `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`,
        `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
      ],
      { env: { ...process.env, GOBIN: dir } },
    );
    log(`built ${dir} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  if (!go) throw new Error('Go is needed to find the server module’s schema folders');
  const modCache = (await run(go, ['env', 'GOMODCACHE'])).trim();
  const schemaDir = path.join(
    modCache,
    `${MODULE}@${TEMPORAL_SERVER_VERSION}`,
    'schema',
    'postgresql',
    'v12',
  );
  if (!existsSync(schemaDir)) {
    await run(go, ['mod', 'download', `${MODULE}@${TEMPORAL_SERVER_VERSION}`]);
  }
  return { server, sqlTool, schemaDir };
}

export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Its own role and two databases for Temporal (never the application's), kept across starts. */
export async function prepareTemporalDatabases(
  adminUrl: string,
  stateDir: string,
  bins: ServerBinaries,
  log: Log,
): Promise<TemporalDatabase> {
  const file = path.join(stateDir, 'temporal-db.json');
  const stored = existsSync(file)
    ? (JSON.parse(await readFile(file, 'utf8')) as { password: string })
    : null;
  const password = stored?.password ?? randomBytes(18).toString('hex');
  if (!stored) {
    await mkdir(stateDir, { recursive: true });
    await writeFile(file, JSON.stringify({ password }), { mode: 0o600 });
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const role = await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = 'temporal'`);
    // The password is hex: safe inside the literal.
    await admin.query(
      role.rowCount
        ? `ALTER ROLE temporal WITH LOGIN PASSWORD '${password}'`
        : `CREATE ROLE temporal WITH LOGIN PASSWORD '${password}'`,
    );
    for (const db of ['temporal', 'temporal_visibility']) {
      const found = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [db]);
      if (!found.rowCount) await admin.query(`CREATE DATABASE ${db} OWNER temporal`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  const database: TemporalDatabase = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: 'temporal',
    password,
  };
  for (const [db, folder] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    // The connection goes in the tool's environment: a password on the command line shows in ps.
    const options = {
      env: {
        ...process.env,
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: database.host,
        SQL_PORT: String(database.port),
        SQL_USER: database.user,
        SQL_PASSWORD: database.password,
        SQL_DATABASE: db,
      },
    };
    await run(bins.sqlTool, ['setup-schema', '-v', '0.0'], options);
    const versioned = path.join(bins.schemaDir, folder, 'versioned');
    await run(bins.sqlTool, ['update-schema', '-d', versioned], options);
  }
  log(
    'Temporal databases ready: temporal, temporal_visibility (role temporal, schemas up to date)',
  );
  return database;
}

/**
 * A frontend port whose neighbours (Temporal's layout: 300 below, and up to 10 above) are free and
 * whose membership ports fit the smallint column: for tests, which may not take 7233.
 */
export async function freeServerPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10_300 + Math.floor(Math.random() * 20_000);
    const around = [0, 1, 2, 3, 6, 10, -300, -299, -298, -297, -294].map((d) => base + d);
    const busy = await Promise.all(around.map((port) => isPortInUse(port)));
    if (!busy.some(Boolean)) return base;
  }
  throw new Error('no free ports for a Temporal server between 10000 and 30310');
}

export interface PostgresServerOptions {
  bins: ServerBinaries;
  database: TemporalDatabase;
  /** Where the server's generated config and its log go. */
  runDir: string;
  logFile: string;
  /** The frontend's gRPC port; the other services' ports are picked free. */
  port: number;
  namespace?: string;
  /** Days a closed case's history is kept (the namespace's retention). */
  retentionDays?: number;
  /** Where the server's Prometheus metrics are served; none when omitted. */
  metricsPort?: number;
  /** Where to note the server's pid, so that a later run can stop a server orphaned by a crash. */
  pidFile?: string;
  /**
   * The JWT authorizer: every call but health checks needs a token signed by this key, with the
   * role it asks for (read, write, admin) on the namespace. Without it the server lets anyone in.
   */
  authority?: TemporalAuthority;
}

const yamlString = (value: string) => JSON.stringify(value);

/** The server's config: PostgreSQL persistence and visibility, services on 127.0.0.1. */
function serverConfig(
  o: PostgresServerOptions,
  ports: {
    history: number[];
    matching: number[];
    worker: number[];
    frontend: number[];
    internalFrontend: number[];
  },
): string {
  const store = (db: string, maxConns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: ${yamlString(db)}
        connectAddr: ${yamlString(`${o.database.host}:${o.database.port}`)}
        connectProtocol: "tcp"
        user: ${yamlString(o.database.user)}
        password: ${yamlString(o.database.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (name: string, [grpc, membership, http]: number[]) => `
  ${name}:
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  // The server's own system workflows reach it through the internal frontend, which trusts the
  // cluster's members instead of tokens: with the authorizer on, the public frontend asks everyone.
  const authorization = o.authority
    ? `
  authorization:
    jwtKeyProvider:
      keySourceURIs:
        - ${yamlString(o.authority.jwksUrl)}
      refreshInterval: 1m
    permissionsClaimName: permissions
    authorizer: default
    claimMapper: default`
    : '';
  return `# Written by the devstack at each start (npm run start:server): do not edit.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${store('temporal', 20)}
    postgres-visibility:${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"${authorization}${
      o.metricsPort
        ? `
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${o.metricsPort}"`
        : ''
    }
services:${service('frontend', ports.frontend)}${o.authority ? service('internal-frontend', ports.internalFrontend) : ''}${service('matching', ports.matching)}${service('history', ports.history)}${service('worker', ports.worker)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend[0]}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: ${yamlString(path.join(workspaceRoot, 'deploy', 'temporal', 'dynamicconfig.yaml'))}
  pollInterval: "60s"
`;
}

async function answersIn(
  address: string,
  namespace: string,
  apiKey?: () => string,
): Promise<boolean> {
  const connection = await Connection.connect({
    address,
    connectTimeout: 1000,
    // The SDK turns TLS on whenever a token is given: this server listens in the clear.
    ...(apiKey ? { apiKey, tls: false } : {}),
  });
  try {
    // Visibility resolves the namespace through the frontend's cache, as the services will.
    await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
    return true;
  } finally {
    await connection.close();
  }
}

/**
 * Starts the server on PostgreSQL and waits until it answers; registers the namespace (with its
 * retention) when it is new, and the project's search attributes.
 */
export async function startPostgresServer(
  o: PostgresServerOptions,
  log: Log,
): Promise<TemporalServer> {
  const namespace = o.namespace ?? 'default';
  // Temporal's own layout around the frontend's port (7233: history 7234, matching 7235, worker
  // 7239, HTTP 7243; membership 300 below each): membership ports are kept in a smallint column.
  const p = o.port;
  const ports = {
    frontend: [p, p - 300, p + 10],
    history: [p + 1, p - 299],
    matching: [p + 2, p - 298],
    worker: [p + 6, p - 294],
    internalFrontend: [p + 3, p - 297],
  };
  const busy = [];
  for (const port of Object.values(ports).flat().slice(1)) {
    if (await isPortInUse(port)) busy.push(port);
  }
  if (busy.length > 0 || p - 300 < 1024 || p + 10 > 32767) {
    throw new Error(
      `the Temporal server needs ports around ${p} (${busy.join(', ') || 'out of range'}): set TEMPORAL_PORT`,
    );
  }
  const configDir = path.join(o.runDir, 'config');
  await mkdir(configDir, { recursive: true });
  await mkdir(path.dirname(o.logFile), { recursive: true });
  await writeFile(path.join(configDir, 'production.yaml'), serverConfig(o, ports), {
    mode: 0o600,
  });
  const out = createWriteStream(o.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    o.bins.server,
    [
      '--root',
      o.runDir,
      '--config',
      'config',
      '--env',
      'production',
      ...(o.authority ? [] : ['--allow-no-auth']),
      'start',
      ...(o.authority
        ? ['frontend', 'internal-frontend', 'history', 'matching', 'worker'].flatMap((s) => [
            '--service',
            s,
          ])
        : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited (${signal ?? code}); see ${o.logFile}`));
  if (o.pidFile && child.pid) await writeFile(o.pidFile, `${child.pid}\n`);
  const address = `127.0.0.1:${o.port}`;
  log(`starting the Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL at ${address}`);
  const stop = () => stopChild(child, 15_000);
  try {
    await waitFor(
      'Temporal server',
      () => answers(address),
      120_000,
      () => exited,
    );
    const apiKey = o.authority?.adminToken;
    const connection = await Connection.connect({
      address,
      ...(apiKey ? { apiKey, tls: false } : {}),
    });
    try {
      const known = await connection.workflowService
        .describeNamespace({ namespace })
        .then(() => true)
        .catch(() => false);
      if (!known) {
        const days = o.retentionDays ?? 30;
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(days * 86_400_000),
        });
        log(`registered namespace ${namespace} (retention ${days} days)`);
      }
      // A new namespace reaches every frontend's cache within seconds.
      await waitFor(`namespace ${namespace}`, () => answersIn(address, namespace, apiKey), 60_000);
      await waitFor(
        'search attributes',
        () => registerSearchAttributes(connection, namespace, log, address).then(() => true),
        60_000,
      );
    } finally {
      await connection.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    ...(child.pid ? { pid: child.pid } : {}),
    ...(o.authority ? { authority: o.authority } : {}),
    stop,
  };
}
