import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';

import { Client, Connection } from '@temporalio/client';

import { TaskQueues, WorkflowTypes } from '@fanpin/contracts';
import {
  System,
  dataDir,
  freePorts,
  metricsPortOffsets,
  isProcessAlive,
  ServiceNames,
  newSecrets,
  startInfrastructure,
  stderrLog,
  workspaceRoot,
  type Infrastructure,
  type ServiceName,
  type SystemOptions,
  type SystemSecrets,
} from '@fanpin/devstack';
import { temporalDataConverter } from '@fanpin/platform';

import { runBatchBench } from './batches';
import { runConsoleBench } from './console';
import { caseStarter, caseWaiting, seedHouseholds } from './cases';
import { cpuDuring } from './cpu';
import { householdBench, type HouseholdSettings } from './household';
import { throughput } from './measure';
import type { CityContext } from './read-cities';
import { runReadModelBench, type ReadModelSettings } from './read-models';
import { runRecountBench } from './recount';
import { scaleBench, type ScaleSettings } from './scale';
import { runTriageBench, type TriageSettings } from './triage';
import { runWhatIfBench, type WhatIfSettings } from './what-if';
import { runXlsxBench } from './xlsx';
import { bench } from './report';
import { VillageCadre, closeStaffConnections } from './staff';
import { useCommandKey } from './signing';

const N = Number(process.env.BENCH_N ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const WARMUP = 20;
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 35);

type Measured = { result: { perSecond: number }; cpu: Record<string, number> };

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** The household-case figures: staff task latency, and with many cases open. */
const household: HouseholdSettings = {
  samples: env('BENCH_LATENCY_SAMPLES', 400),
  concurrency: env('BENCH_LATENCY_CONCURRENCY', 8),
  // Open loop by default: requests start at a fixed rate, so latency is the path's, not a queue's
  // that the bench itself builds; BENCH_LATENCY_RATE=0 sends them back to back instead.
  ...(env('BENCH_LATENCY_RATE', 5) > 0 ? { perSecond: env('BENCH_LATENCY_RATE', 5) } : {}),
  warmup: WARMUP,
  settleSeconds: env('BENCH_LATENCY_SETTLE_SECONDS', 5),
  memorySettleSeconds: env('BENCH_MEMORY_SETTLE_SECONDS', 60),
  openCases: env('BENCH_OPEN_CASES', 10_000),
  // The workflow worker's own default (services/workflow-worker/src/settings.ts), set explicitly so
  // that the memory per cached workflow is divided by what the worker really ran with.
  maxCachedWorkflows: env('BENCH_MAX_CACHED_WORKFLOWS', 12_000),
  startConcurrency: CONCURRENCY,
};
/**
 * A staff task with 1,000 and with 100,000 cases open on the server on PostgreSQL, over two
 * workflow workers, each with the worker's default cache (12,000 runs, some 300 KiB each: two
 * workers of 100,000 cached runs would not fit in the machine's memory beside the server and its
 * database, and a city's workers cache the cases staff are working on, not every open one).
 */
const scale: ScaleSettings = {
  samples: household.samples,
  concurrency: household.concurrency,
  ...(household.perSecond ? { perSecond: household.perSecond } : {}),
  warmup: household.warmup,
  settleSeconds: household.settleSeconds,
  base: env('BENCH_SCALE_BASE', 1_000),
  cases: env('BENCH_SCALE_CASES', 100_000),
  startConcurrency: CONCURRENCY,
  maxCachedWorkflows: household.maxCachedWorkflows,
  memorySettleSeconds: household.memorySettleSeconds,
};
const SCALE_WORKERS = env('BENCH_SCALE_WORKERS', 2);

/** The inbox and register pages with a small and a large city in PostgreSQL. */
const readModels: ReadModelSettings = {
  small: env('BENCH_READ_MODELS_SMALL', 1_000),
  large: env('BENCH_READ_MODELS_LARGE', 100_000),
  // The p99 of 1,000 is the 10th slowest: of 400 it would be the 4th, a couple of stalls' doing.
  samples: env('BENCH_READ_MODELS_SAMPLES', 1_000),
  warmup: env('BENCH_READ_MODELS_WARMUP', 50),
  settleSeconds: env('BENCH_READ_MODELS_SETTLE_SECONDS', 10),
};

/** A draft line's what-if over a city of households with figures, against a plain SQL pass. */
const whatIf: WhatIfSettings = {
  households: env('BENCH_WHATIF_HOUSEHOLDS', 100_000),
  rounds: env('BENCH_WHATIF_ROUNDS', 7),
};

/** The city bureau's bulk triage of a stored batch, against a plain SQL UPDATE of the same rows. */
const triage: TriageSettings = {
  records: env('BENCH_TRIAGE_RECORDS', 100_000),
  rounds: env('BENCH_TRIAGE_ROUNDS', 5),
};

/** The phases, in the order they run. */
const Phases = [
  'throughput',
  'cold-start',
  'server',
  'read-models',
  'household',
  'batches',
  'xlsx',
  'console',
  'recount',
  'what-if',
  'triage',
  'scale',
] as const;
type PhaseName = (typeof Phases)[number];

/** BENCH_ONLY=<phase>[,<phase>…] runs those phases alone. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()) ?? null;
const unknownPhase = only?.find((name) => !Phases.includes(name as PhaseName));
if (unknownPhase !== undefined) {
  throw new Error(`BENCH_ONLY: no phase ${unknownPhase} (phases: ${Phases.join(', ')})`);
}

/** Whether a phase runs: listed in BENCH_ONLY (when set) and not switched off by its own setting. */
function runs(phase: PhaseName, skipped: boolean): boolean {
  return !skipped && (only === null || only.includes(phase));
}

const SKIP_THROUGHPUT = !runs('throughput', process.env.BENCH_SKIP_THROUGHPUT === '1');
/** The batch figures (BENCH_BATCH_RECORDS, BENCH_BATCH_NEW, BENCH_SAME_HOUSEHOLDS). */
const SKIP_BATCHES = !runs('batches', process.env.BENCH_SKIP_BATCHES === '1');
/** The staff-task and open-cases figures. */
const SKIP_HOUSEHOLD = !runs('household', process.env.BENCH_SKIP_HOUSEHOLD === '1');
/** The recount of provisional due dates (BENCH_RECOUNT_CASES open tasks, 10,000). */
const RECOUNT_CASES = runs('recount', false) ? env('BENCH_RECOUNT_CASES', 10_000) : 0;

const noopDone = `WorkflowType = '${WorkflowTypes.noop}' AND ExecutionStatus = 'Completed'`;

/** Starts no-op workflow `i` of phase `tag` of run `run`. */
function noopStarter(client: Client, run: string) {
  return (tag: string) => (i: number) =>
    client.workflow.start(WorkflowTypes.noop, {
      workflowId: `bench-noop-${run}-${tag}-${i}`,
      taskQueue: TaskQueues.householdCase,
    });
}

/**
 * The no-op start rate of the server as it is now (after the phases before have filled it), after
 * the settling pause: the yardstick measured next to what it measures, as the raw COPY is.
 */
function noopRateNow(client: Client): (tag: string) => Promise<number> {
  const noop = noopStarter(client, randomBytes(4).toString('hex'));
  return async (tag) => {
    await sleep(SETTLE_SECONDS * 1000);
    const { perSecond } = await throughput(client, N, CONCURRENCY, noop(tag), noopDone);
    stderrLog(`noop (${tag}): ${perSecond.toFixed(2)} wf/s`);
    return perSecond;
  };
}

type Rates = { noop: number; case: number };

/** The processes whose CPU time the throughput phase divides by the workflows it ran. */
function throughputPids(
  infrastructure: Infrastructure,
  system: System,
): Record<string, number | undefined> {
  return {
    temporal: infrastructure.temporal.pid,
    'workflow-worker': system.services['workflow-worker'].pid,
    intake: system.services.intake.pid,
    bench: process.pid,
  };
}

/**
 * No-op workflows started to completion vs. household cases started to their waiting point; the
 * figures' names start with `prefix` (the server on PostgreSQL's: `server.`).
 */
async function runThroughput(
  client: Client,
  databaseUrl: string,
  pids: Record<string, number | undefined>,
  prefix = '',
): Promise<Rates> {
  const run = randomBytes(4).toString('hex');
  const run2 = randomBytes(4).toString('hex');
  // Prefixes of their own: one derived from `run` would meet run's keys when run ends with it.
  const warm = randomBytes(4).toString('hex');
  await seedHouseholds(databaseUrl, run, N);
  await seedHouseholds(databaseUrl, run2, N);
  await seedHouseholds(databaseUrl, warm, WARMUP);
  const noop = noopStarter(client, run);
  const kase = (keyPrefix: string) => caseStarter(client, keyPrefix);

  await throughput(client, WARMUP, CONCURRENCY, noop('warmup'), noopDone);
  await throughput(client, WARMUP, CONCURRENCY, kase(warm), caseWaiting);

  // ABBA order cancels drift in the server's state; the pause lets each phase's timers (workflow and
  // activity task timeouts fire 10–30 s later) run out before the next phase is measured.
  const phases = [
    ['noop', () => throughput(client, N, CONCURRENCY, noop('a'), noopDone)],
    ['case', () => throughput(client, N, CONCURRENCY, kase(run), caseWaiting)],
    ['case', () => throughput(client, N, CONCURRENCY, kase(run2), caseWaiting)],
    ['noop', () => throughput(client, N, CONCURRENCY, noop('b'), noopDone)],
  ] as const;
  const results: Record<'noop' | 'case', Measured[]> = { noop: [], case: [] };
  for (const [kind, measure] of phases) {
    await sleep(SETTLE_SECONDS * 1000);
    const measured = await cpuDuring(pids, measure);
    stderrLog(`${kind}: ${measured.result.perSecond.toFixed(2)} wf/s`);
    results[kind].push(measured);
  }
  const noopRate = mean(results.noop.map((m) => m.result.perSecond));
  const caseRate = mean(results.case.map((m) => m.result.perSecond));
  bench(`${prefix}workflows_per_phase`, N, 'count');
  bench(`${prefix}noop.start_to_completion`, noopRate, 'wf/s');
  bench(`${prefix}case.start_to_waiting`, caseRate, 'wf/s');
  bench(`${prefix}ratio.case_vs_noop`, caseRate / noopRate, 'x');
  for (const kind of ['noop', 'case'] as const) {
    // Only the processes this machine could measure: a server at TEMPORAL_ADDRESS has no pid here.
    for (const name of Object.keys(results[kind][0]?.cpu ?? {})) {
      bench(
        `${prefix}cpu.${kind}.${name}`,
        mean(results[kind].map((m) => m.cpu[name] ?? 0)) / N,
        'ms/wf',
      );
    }
  }
  return { noop: noopRate, case: caseRate };
}

/** The production shape's server and the bench's services on it, for one phase. */
interface OnServer {
  infrastructure: Infrastructure;
  system: System;
  client: Client;
}

/**
 * Runs `phase` against the production shape's server (Temporal on PostgreSQL, its JWT authorizer
 * on) in a folder of its own, with the services of a `benchSystem` (`processes` as it says); the
 * phase starts the processes it needs, and everything stops after it.
 */
async function onServer(
  dir: string,
  secrets: SystemSecrets,
  admin: Admin,
  processes: Pick<SystemOptions, 'replicas' | 'replicaPorts' | 'metrics'>,
  phase: (on: OnServer) => Promise<void>,
): Promise<void> {
  const infrastructure = await startInfrastructure(
    'server-test',
    stderrLog,
    { ...process.env, TEMPORAL_UI: 'off' },
    path.join(dataDir, dir),
  );
  const authority = infrastructure.temporal.authority;
  const system = await benchSystem(infrastructure, secrets, admin, undefined, authority, processes);
  const connection = await Connection.connect({
    address: infrastructure.temporal.address,
    ...(authority ? { apiKey: authority.adminToken, tls: false } : {}),
  });
  try {
    const dataConverter = temporalDataConverter({ current: secrets.payloadCodecKey });
    await phase({ infrastructure, system, client: new Client({ connection, dataConverter }) });
  } finally {
    await connection.close();
    await system.stop();
    await infrastructure.stop();
  }
}

/**
 * The same throughput on the production shape's server, in its own folder, beside the dev server's
 * figures of this run.
 */
function runServerThroughput(
  dev: Rates | undefined,
  secrets: SystemSecrets,
  admin: Admin,
): Promise<void> {
  return onServer(
    'bench-run-server',
    secrets,
    admin,
    {},
    async ({ infrastructure, system, client }) => {
      await system.start(['intake', 'workflow-worker'], stderrLog);
      stderrLog(`measuring ${N} workflows of each kind on the Temporal server on PostgreSQL`);
      const server = await runThroughput(
        client,
        infrastructure.database.url,
        throughputPids(infrastructure, system),
        'server.',
      );
      if (dev) {
        bench('ratio.server_vs_dev.noop', server.noop / dev.noop, 'x');
        bench('ratio.server_vs_dev.case', server.case / dev.case, 'x');
      }
    },
  );
}

/**
 * Staff tasks with 1,000 and 100,000 cases open on the production shape's server, in its own
 * folder, with `SCALE_WORKERS` workflow-worker processes (their Temporal SDK metrics served, for
 * the cache gauge) and one of each other service the tasks need.
 */
async function runScale(secrets: SystemSecrets, admin: Admin): Promise<void> {
  const processes = { replicas: SCALE_WORKERS, metrics: true };
  await onServer('bench-run-scale', secrets, admin, processes, async (on) => {
    const { system } = on;
    const workers = [
      system.services['workflow-worker'],
      ...system.replicas.filter((p) => p.spec.name === 'workflow-worker'),
    ];
    const others = (['intake', 'verification', 'api'] as const).map((n) => system.services[n]);
    await Promise.all([...others, ...workers].map((p) => p.start()));
    await Promise.all([...others, ...workers].map((p) => p.waitReady()));
    stderrLog(
      `staff tasks with ${scale.base} and ${scale.cases} cases open, ${workers.length} workflow workers, on the Temporal server on PostgreSQL`,
    );
    const cadre = new VillageCadre(system.services.api.url, admin);
    await scaleBench(
      { client: on.client, databaseUrl: on.infrastructure.database.url, cadre, workers },
      scale,
    );
  });
}

/**
 * A workflow worker's start with the pre-built bundle, from spawning the process to its readiness
 * (polling): the median of three restarts.
 */
async function runColdStart(system: System): Promise<void> {
  const seconds: number[] = [];
  for (let i = 0; i < 3; i++) {
    await system.stop(['workflow-worker']);
    const started = performance.now();
    await system.start(['workflow-worker']);
    seconds.push((performance.now() - started) / 1000);
  }
  seconds.sort((a, b) => a - b);
  bench('worker.cold_start', seconds[1]!, 's');
}

type Admin = { accountId: string; password: string };

/**
 * The services on free ports; the API has a bootstrap administrator, who makes the staff account.
 * `on` puts them on another database, logging in a folder of their own (the read models' cities).
 */
async function benchSystem(
  infrastructure: Infrastructure,
  secrets: SystemSecrets,
  admin: Admin,
  on?: { databaseUrl: string; logDir: string },
  temporalAuth?: { keyFile: string; keyId: string; issuer: string },
  processes: Pick<SystemOptions, 'replicas' | 'metrics'> = {},
): Promise<System> {
  const ports = {} as Record<ServiceName, number>;
  const replicas = (processes.replicas ?? 1) - 1;
  // One call for every port, their metrics ports kept free and apart when metrics are served.
  const free = await freePorts(
    ServiceNames.length + replicas,
    processes.metrics ? metricsPortOffsets : [],
  );
  ServiceNames.forEach((name, i) => (ports[name] = free[i]!));
  return new System({
    ...processes,
    // Of the replicas, the bench starts only the workflow worker's (the scale phase).
    ...(replicas > 0
      ? { replicaPorts: { 'workflow-worker': free.slice(ServiceNames.length) } }
      : {}),
    temporalAddress: infrastructure.temporal.address,
    ...(temporalAuth
      ? {
          temporalAuth: {
            keyFile: temporalAuth.keyFile,
            keyId: temporalAuth.keyId,
            issuer: temporalAuth.issuer,
          },
        }
      : {}),
    databaseUrl: on?.databaseUrl ?? infrastructure.database.url,
    secrets,
    adminAccount: admin.accountId,
    adminPassword: admin.password,
    logDir: on?.logDir ?? infrastructure.logDir,
    ports,
    // BENCH_LOG_LEVEL=info keeps the services' timing lines (batches) in the run's logs.
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
    extraEnv: {
      // The batch phases measure alerts reaching their cases: no city triage in between (the
      // triage phase times the city's decisions on rows it stores itself).
      api: { ALERT_TRIAGE: 'direct' },
      'workflow-worker': {
        // The production workflows and the bench's own (no-op, bare counter).
        WORKFLOW_BUNDLE_PATH: path.join(
          workspaceRoot,
          'workflows/household-case/dist/bench-workflow-bundle.js',
        ),
        MAX_CACHED_WORKFLOWS: String(household.maxCachedWorkflows),
        // The worker's own default (2) unless BENCH_WORKFLOW_THREADS says otherwise.
        ...(process.env.BENCH_WORKFLOW_THREADS
          ? { WORKFLOW_THREADS: process.env.BENCH_WORKFLOW_THREADS }
          : {}),
      },
    },
  });
}

async function measureThroughput(
  client: Client,
  infrastructure: Infrastructure,
  system: System,
): Promise<Rates> {
  stderrLog(
    `measuring ${N} workflows of each kind, ${CONCURRENCY} starts in flight, on the SQLite-backed dev server`,
  );
  return runThroughput(client, infrastructure.database.url, throughputPids(infrastructure, system));
}

/** What the read-model phase needs: the server to make its cities' databases on, and their APIs. */
function cityContext(
  infrastructure: Infrastructure,
  secrets: SystemSecrets,
  admin: Admin,
  stateDir: string,
): CityContext {
  return {
    serverUrl: infrastructure.database.url,
    stateDir,
    secrets,
    admin,
    startApi: async (databaseUrl, tag) => {
      const logDir = path.join(infrastructure.logDir, tag);
      const system = await benchSystem(infrastructure, secrets, admin, { databaseUrl, logDir });
      await system.start(['api'], stderrLog);
      return { url: system.services.api.url, stop: () => system.stop(['api']) };
    },
  };
}

/**
 * Every bench run uses one data directory, whose embedded PostgreSQL a second run would wipe under
 * the first: the lock file (holding the runner's pid) makes a second run refuse to start instead.
 * A lock left by a run that died is taken over.
 */
function lockBenchDir(dir: string): () => void {
  mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (holder && isProcessAlive(holder)) {
        throw new Error(`another bench (pid ${holder}) is running in ${dir}; wait for it to end`);
      }
      rmSync(lock, { force: true });
    }
  }
}

async function main(): Promise<void> {
  const runDir = path.join(dataDir, 'bench-run');
  const unlock = lockBenchDir(runDir);
  process.on('exit', unlock);
  const infrastructure = await startInfrastructure('test', stderrLog, process.env, runDir);
  const secrets = newSecrets();
  useCommandKey(secrets.commandSigningKey);
  const admin = { accountId: 'bench-admin', password: randomBytes(18).toString('base64url') };
  const system = await benchSystem(infrastructure, secrets, admin);
  // The throughput figures run with these alone; the staff tasks need the API and verification too.
  const needed: ServiceName[] = ['intake', 'workflow-worker'];
  const forTasks: ServiceName[] = ['verification', 'api'];
  const connection = await Connection.connect({ address: infrastructure.temporal.address });
  try {
    await system.start(needed, stderrLog);
    const dataConverter = temporalDataConverter({ current: secrets.payloadCodecKey });
    const client = new Client({ connection, dataConverter });
    const dev = SKIP_THROUGHPUT
      ? undefined
      : await measureThroughput(client, infrastructure, system);
    // The no-op start rate of the empty server (BENCH_NOOP_RATE, or NaN, when skipped).
    const noopRate = dev?.noop ?? Number(process.env.BENCH_NOOP_RATE ?? Number.NaN);
    if (runs('cold-start', false)) await runColdStart(system);
    if (runs('server', process.env.BENCH_SKIP_SERVER === '1')) {
      await runServerThroughput(dev, secrets, admin);
    }
    await system.start(forTasks, stderrLog);
    const cadre = new VillageCadre(system.services.api.url, admin);
    const context = { client, system, databaseUrl: infrastructure.database.url, cadre };
    if (runs('read-models', process.env.BENCH_SKIP_READ_MODELS === '1')) {
      await runReadModelBench(cityContext(infrastructure, secrets, admin, runDir), readModels);
    }
    if (!SKIP_HOUSEHOLD) await householdBench(context, household);
    if (!SKIP_BATCHES) {
      await runBatchBench({
        apiUrl: system.services.api.url,
        admin,
        householdKeySecret: secrets.householdKeySecret,
        databaseUrl: infrastructure.database.url,
        firstNoopRate: noopRate,
        noopRateNow: noopRateNow(client),
        print: bench,
      });
    }
    if (runs('xlsx', process.env.BENCH_SKIP_XLSX === '1')) runXlsxBench();
    if (runs('console', process.env.BENCH_SKIP_CONSOLE === '1')) {
      await runConsoleBench({ apiUrl: system.services.api.url, admin });
    }
    if (RECOUNT_CASES > 0) {
      await runRecountBench(client, infrastructure.database.url, {
        cases: RECOUNT_CASES,
        concurrency: CONCURRENCY,
        settleSeconds: SETTLE_SECONDS,
      });
    }
    if (runs('what-if', process.env.BENCH_SKIP_WHAT_IF === '1')) {
      await runWhatIfBench(cityContext(infrastructure, secrets, admin, runDir), whatIf);
    }
    if (runs('triage', process.env.BENCH_SKIP_TRIAGE === '1')) {
      await runTriageBench(cityContext(infrastructure, secrets, admin, runDir), triage);
    }
    if (runs('scale', process.env.BENCH_SKIP_SCALE === '1')) await runScale(secrets, admin);
  } finally {
    closeStaffConnections();
    await connection.close();
    await system.stop([...needed, ...forTasks]);
    await infrastructure.stop();
  }
}

main().catch((error: unknown) => {
  stderrLog(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
