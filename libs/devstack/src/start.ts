import path from 'node:path';

import { DemoAccounts } from './demo/accounts';
import { demoCredentials, demoStateDir } from './demo/credentials';
import { DemoPolicy } from './demo/policy';
import type { Log } from './log';
import { developmentSecrets, startInfrastructure } from './infrastructure';
import { dataDir } from './paths';
import { defaultPorts, System, type SystemOptions } from './services';

/**
 * `npm start`: everything up, a banner, and a clean stop on Ctrl-C. `npm run demo` (`demo`) does the
 * same with its own state in `.data/demo`, the procedure's waits in seconds and minutes, and an
 * account of every role.
 */
export async function startSystem(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  { demo = false, server = false }: { demo?: boolean; server?: boolean } = {},
): Promise<void> {
  const stateDir = demo ? demoStateDir : server ? path.join(dataDir, 'server') : dataDir;
  if (demo) env = { ...DemoPolicy, ...env };
  const secrets = await developmentSecrets(env, stateDir);
  // A database from before personal data was sealed is encrypted by the migration with this key.
  process.env.PII_ENCRYPTION_KEY = secrets.piiEncryptionKey;
  const infrastructure = await startInfrastructure(
    server ? 'server' : 'development',
    log,
    env,
    stateDir,
  );
  // The production shape runs every service but the simulator N times (FANPIN_REPLICAS, 2).
  const replicas = server ? Math.max(1, Number(env.FANPIN_REPLICAS ?? 2) || 1) : 1;
  const ports = { ...defaultPorts, ...(env.API_PORT ? { api: Number(env.API_PORT) } : {}) };
  const temporalAccess = temporalAccessOptions(infrastructure.temporal, ports.api);
  const system = new System({
    temporalAddress: infrastructure.temporal.address,
    ...temporalAccess,
    databaseUrl: infrastructure.database.appUrl,
    secrets,
    adminPassword: secrets.adminPassword,
    logDir: infrastructure.logDir,
    ports,
    logLevel: env.LOG_LEVEL ?? 'info',
    // Policy settings (POLICY_NOTICE_PERIOD=2m and the like, to try the procedure in minutes).
    extraEnv: {
      api: {
        ...temporalAccess.apiEnv,
        ...Object.fromEntries(
          Object.entries(env).filter(
            (entry): entry is [string, string] =>
              entry[0].startsWith('POLICY_') && entry[1] !== undefined,
          ),
        ),
      },
    },
    onProblemLine: (service, line) => process.stderr.write(`[${service}] ${line}\n`),
    // A service that dies is started again, with backoff, each death and restart on this log.
    supervision: { log },
    replicas,
    // Each process's Prometheus metrics on a port of its own (deploy/prometheus scrapes them).
    metrics: true,
  });
  let stopping: Promise<void> | undefined;
  const stop = (signal: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`${signal}: stopping services, then Temporal and PostgreSQL`);
      await system.stop();
      await infrastructure.stop();
      log('stopped cleanly');
    })());
  // Repeated signals (Ctrl-C pressed twice, a signal forwarded twice) wait for the same stop.
  process.on('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
  try {
    await system.start(undefined, log);
  } catch (error) {
    await stop('start failed');
    throw error;
  }
  const api = system.services.api.url;
  const demoLines = demo ? await demoBanner(api, secrets.adminPassword) : [];
  const processLines = await system.processList();
  const metricsLines = system.metricsList();
  process.stdout.write(
    [
      '',
      '  防止返贫动态监测和帮扶 — household monitoring is running',
      `  API            ${api}`,
      `  OpenAPI        ${api}/docs   (JSON: ${api}/docs/openapi.json)`,
      `  Temporal UI    ${infrastructure.temporal.uiUrl ?? (infrastructure.temporal.uiUpstream ? `${api}/temporal-ui   (supervisors, read-only)` : server ? '(off: TEMPORAL_UI=off)' : '(the server at TEMPORAL_ADDRESS has its own)')}`,
      `  Temporal gRPC  ${infrastructure.temporal.address}${server ? '   (Temporal server on PostgreSQL)' : ''}`,
      `  PostgreSQL     ${infrastructure.database.description}`,
      `  Logs           ${infrastructure.logDir}`,
      `  Processes      ${processLines[0]}`,
      ...processLines.slice(1).map((line) => `                 ${line}`),
      `  Metrics        ${metricsLines[0] ?? '(none)'}`,
      ...metricsLines.slice(1).map((line) => `                 ${line}`),
      `  Sign in        admin / ${secrets.adminPassword}   (kept in ${path.relative(process.cwd(), path.join(stateDir, 'dev-secrets.json'))})`,
      ...demoLines,
      '  Press Ctrl-C to stop everything.',
      '',
    ].join('\n') + '\n',
  );
}

/**
 * What the services need of a Temporal server with an authorizer and a UI behind the API: the
 * signing key of their tokens, and for the API the UI server, the links of its dashboard and the
 * origin the UI calls the codec from (the API's own). `npm start:server` and the tests' systems.
 */
export function temporalAccessOptions(
  temporal: { authority?: SystemOptions['temporalAuth']; uiUpstream?: string | undefined },
  apiPort: number,
): Pick<SystemOptions, 'temporalAuth' | 'temporalUiUrl'> & { apiEnv: Record<string, string> } {
  const api = `http://127.0.0.1:${apiPort}`;
  const { authority, uiUpstream } = temporal;
  return {
    ...(authority
      ? {
          temporalAuth: {
            keyFile: authority.keyFile,
            keyId: authority.keyId,
            issuer: authority.issuer,
          },
        }
      : {}),
    ...(uiUpstream ? { temporalUiUrl: uiUpstream } : {}),
    apiEnv: uiUpstream
      ? {
          TEMPORAL_UI_URL: `${api}/temporal-ui`,
          CODEC_CORS_ORIGINS: `${api},http://localhost:${apiPort}`,
        }
      : {},
  };
}

/** The demo's accounts, made now if need be, as banner lines. */
async function demoBanner(api: string, adminPassword: string): Promise<string[]> {
  const credentials = await demoCredentials(api, adminPassword);
  return [
    `  Demo accounts  password ${credentials.password} (integrations: secret in .data/demo/demo-accounts.json)`,
    ...DemoAccounts.map(
      (a) => `                 ${a.accountId.padEnd(20)} ${a.role.padEnd(18)} ${a.label}`,
    ),
    `  Walk one case  npm run demo:walk   (alert → … → assistance plan → first follow-up visit)`,
  ];
}
