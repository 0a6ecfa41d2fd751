import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';

import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';

import {
  DefaultCasePolicy,
  TaskQueues,
  WorkflowTypes,
  caseSignalWithStart,
  type HouseholdCaseInput,
} from '@fanpin/contracts';
import {
  System,
  dataDir,
  freePort,
  ServiceNames,
  newSecrets,
  startInfrastructure,
  stderrLog,
  type ServiceName,
} from '@fanpin/devstack';
import { temporalDataConverter } from '@fanpin/platform';

import { cpuDuring } from './cpu';
import { throughput } from './measure';

const N = Number(process.env.BENCH_N ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const WARMUP = 20;
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 35);

type Measured = { result: { perSecond: number }; cpu: Record<string, number> };

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function bench(name: string, value: number, unit: string): void {
  process.stdout.write(`BENCH ${name} ${value.toFixed(value >= 100 ? 0 : 2)} ${unit}\n`);
}

function caseInput(keyPrefix: string, i: number): HouseholdCaseInput {
  return {
    householdKey: `hh${keyPrefix}${i.toString(16).padStart(24, '0')}`,
    divisions: { countyCode: '220681', townshipCode: '220681101', villageCode: '220681101200' },
    channel: 'bureau-alert',
    policy: DefaultCasePolicy,
  };
}

/** The API stores a household before its case starts; the bench stores its synthetic ones up front. */
async function seedHouseholds(databaseUrl: string, run: string, count: number): Promise<void> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO households (household_key, village_code, head_name_sealed, head_resident_id_sealed)
       SELECT 'hh' || $1 || lpad(to_hex(i), 24, '0'), '220681101200', 'bench', 'bench'
       FROM generate_series(0, $2 - 1) AS i`,
      [run, count],
    );
  } finally {
    await db.end();
  }
}

/** No-op workflows started to completion vs. household cases started to their waiting point. */
async function runBench(
  client: Client,
  databaseUrl: string,
  pids: Record<string, number | undefined>,
): Promise<void> {
  const run = randomBytes(4).toString('hex');
  const run2 = randomBytes(4).toString('hex');
  await seedHouseholds(databaseUrl, run, N);
  await seedHouseholds(databaseUrl, run2, N);
  await seedHouseholds(databaseUrl, `${run.slice(0, 6)}ff`, WARMUP);
  const noop = (tag: string) => (i: number) =>
    client.workflow.start(WorkflowTypes.noop, {
      workflowId: `bench-noop-${run}-${tag}-${i}`,
      taskQueue: TaskQueues.householdCase,
    });
  const kase = (keyPrefix: string) => (i: number) =>
    client.workflow.signalWithStart(
      WorkflowTypes.householdCase,
      caseSignalWithStart(caseInput(keyPrefix, i), {
        alertId: `BENCH-${keyPrefix}-${i}`,
        source: 'health',
        triggers: [2],
      }),
    );
  const noopDone = `WorkflowType = '${WorkflowTypes.noop}' AND ExecutionStatus = 'Completed'`;
  const caseWaiting = `WorkflowType = '${WorkflowTypes.householdCase}' AND CaseStage = 'VILLAGE_VERIFICATION'`;

  await throughput(client, WARMUP, CONCURRENCY, noop('warmup'), noopDone);
  await throughput(client, WARMUP, CONCURRENCY, kase(`${run.slice(0, 6)}ff`), caseWaiting);

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
  bench('workflows_per_phase', N, 'count');
  bench('noop.start_to_completion', noopRate, 'wf/s');
  bench('case.start_to_waiting', caseRate, 'wf/s');
  bench('ratio.case_vs_noop', caseRate / noopRate, 'x');
  for (const kind of ['noop', 'case'] as const) {
    // Only the processes this machine could measure: a server at TEMPORAL_ADDRESS has no pid here.
    for (const name of Object.keys(results[kind][0]?.cpu ?? {})) {
      bench(`cpu.${kind}.${name}`, mean(results[kind].map((m) => m.cpu[name] ?? 0)) / N, 'ms/wf');
    }
  }
}

async function main(): Promise<void> {
  const infrastructure = await startInfrastructure(
    'test',
    stderrLog,
    process.env,
    path.join(dataDir, 'bench-run'),
  );
  const ports = {} as Record<ServiceName, number>;
  for (const name of ServiceNames) ports[name] = await freePort();
  const secrets = newSecrets();
  const system = new System({
    temporalAddress: infrastructure.temporal.address,
    databaseUrl: infrastructure.database.url,
    secrets,
    logDir: infrastructure.logDir,
    ports,
    logLevel: 'warn',
  });
  const needed: ServiceName[] = ['intake', 'workflow-worker'];
  const connection = await Connection.connect({ address: infrastructure.temporal.address });
  try {
    await system.start(needed, stderrLog);
    stderrLog(
      `measuring ${N} workflows of each kind, ${CONCURRENCY} starts in flight, on the SQLite-backed dev server`,
    );
    const pids = {
      temporal: infrastructure.temporal.pid,
      'workflow-worker': system.services['workflow-worker'].pid,
      intake: system.services.intake.pid,
      bench: process.pid,
    };
    const dataConverter = temporalDataConverter({ current: secrets.payloadCodecKey });
    await runBench(new Client({ connection, dataConverter }), infrastructure.database.url, pids);
  } finally {
    await connection.close();
    await system.stop(needed);
    await infrastructure.stop();
  }
}

main().catch((error: unknown) => {
  stderrLog(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
