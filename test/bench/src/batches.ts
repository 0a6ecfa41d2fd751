import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client as PgClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { stderrLog } from '@fanpin/devstack';

import { people, type Person } from './people';

/** What the batch bench needs of the running system. */
export interface BatchBenchContext {
  apiUrl: string;
  admin: { accountId: string; password: string };
  householdKeySecret: string;
  databaseUrl: string;
  /**
   * The bare no-op start rate of the same server (wf/s) measured at the start of the run, on an
   * empty server (NaN when the throughput phase was skipped); printed beside, for comparison.
   */
  firstNoopRate: number;
  /** Measures the bare no-op start rate of the server as it is now (wf/s). */
  noopRateNow: (tag: string) => Promise<number>;
  print: (name: string, value: number, unit: string) => void;
}

const RECORDS = Number(process.env.BENCH_BATCH_RECORDS ?? 100_000);
const NEW = Number(process.env.BENCH_BATCH_NEW ?? 10_000);
/** BENCH_SAME_HOUSEHOLDS=0 skips the same-households part. */
const SAME = Number(process.env.BENCH_SAME_HOUSEHOLDS ?? 10_000);
const VILLAGE = '220681101200';

const record = (alertId: string, p: Person) => ({
  alertId,
  villageCode: VILLAGE,
  head: { name: '基准户主', residentId: p.residentId, phone: '13800138000' },
  triggers: [2],
});

async function json(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
}

/** An integration account for a bureau, and a fresh token for it (tokens last 15 minutes). */
async function bureauToken(ctx: BatchBenchContext, org: string): Promise<() => Promise<string>> {
  const admin = await json(
    await fetch(`${ctx.apiUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ctx.admin),
    }),
  );
  const clientId = `bench-${org}-${randomBytes(4).toString('hex')}`;
  const created = await json(
    await fetch(`${ctx.apiUrl}/v1/admin/accounts`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${String(admin.accessToken)}`,
      },
      body: JSON.stringify({
        accountId: clientId,
        kind: 'integration',
        role: 'sector-bureau',
        divisionCode: '220681',
        org,
      }),
    }),
  );
  return async () => {
    const token = await json(
      await fetch(`${ctx.apiUrl}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, clientSecret: created.clientSecret }),
      }),
    );
    return String(token.accessToken);
  };
}

async function putBatch(ctx: BatchBenchContext, token: string, batchId: string, body: string) {
  const response = await fetch(`${ctx.apiUrl}/v1/alert-batches/${batchId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const answer = await json(response);
  if (response.status !== 202) {
    throw new Error(`batch ${batchId}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  }
}

/** Polls the batch until `done` holds of its view. */
async function until(
  ctx: BatchBenchContext,
  token: () => Promise<string>,
  batchId: string,
  done: (view: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  let bearer = await token();
  for (let polls = 0; ; polls++) {
    if (polls % 2000 === 1999) bearer = await token();
    const view = await json(
      await fetch(`${ctx.apiUrl}/v1/alert-batches/${batchId}`, {
        headers: { authorization: `Bearer ${bearer}` },
      }),
    );
    if (done(view)) return view;
    await sleep(50);
  }
}

/** The same rows as the batch, raw, with one COPY into a plain table: the yardstick. */
async function rawCopy(db: PgClient, rows: ReturnType<typeof record>[]): Promise<number> {
  await db.query(`DROP TABLE IF EXISTS bench_raw_alerts`);
  await db.query(`CREATE TABLE bench_raw_alerts (alert_id text, village_code text, name text,
    resident_id text, phone text, triggers smallint[])`);
  const lines = rows.map(
    (r) =>
      `${r.alertId}\t${r.villageCode}\t${r.head.name}\t${r.head.residentId}\t${r.head.phone}\t{${r.triggers.join(',')}}\n`,
  );
  const started = performance.now();
  await pipeline(Readable.from(lines), db.query(copyFrom('COPY bench_raw_alerts FROM STDIN')));
  const seconds = (performance.now() - started) / 1000;
  await db.query(`DROP TABLE bench_raw_alerts`);
  return rows.length / seconds;
}

/** Alerts received before (their households known): the batch re-sends them, unchanged. */
async function seedReceived(db: PgClient, run: string, known: Person[]): Promise<void> {
  const households = known.map((p) => `${p.householdKey}\t${VILLAGE}\tbench\tbench\n`);
  await pipeline(
    Readable.from(households),
    db.query(
      copyFrom(
        `COPY households (household_key, village_code, head_name_sealed, head_resident_id_sealed) FROM STDIN`,
      ),
    ),
  );
  // Each head is the household's first member, as the API stores them: reports find them by it.
  const members = known.map(
    (p) =>
      `${p.householdKey}\t${p.householdKey}\tbench\tbench\thead\thead\t2026-01-01\tregistered\thealth\n`,
  );
  await pipeline(
    Readable.from(members),
    db.query(
      copyFrom(
        `COPY household_members (household_key, member_key, name_sealed, resident_id_sealed,
           sealed_as, relation, joined_on, joined_reason, joined_by) FROM STDIN`,
      ),
    ),
  );
  const alerts = known.map(
    (p, i) =>
      `health\t${run}-OLD-${i}\t${p.householdKey}\t${VILLAGE}\t{2}\tcase-${p.householdKey}\n`,
  );
  await pipeline(
    Readable.from(alerts),
    db.query(
      copyFrom(
        `COPY alerts (source, alert_id, household_key, village_code, triggers, case_id) FROM STDIN`,
      ),
    ),
  );
  await db.query(`UPDATE alerts SET dispatched_at = now() WHERE alert_id LIKE $1`, [
    `${run}-OLD-%`,
  ]);
}

/**
 * The batch figures: a 100,000-record bureau batch validated and deduplicated against what is
 * known, compared with a raw COPY of the same rows; the 10,000 new cases in it, end to end,
 * compared with the bare no-op start rate; and the same households sent three times at once by two
 * bureaus, counted for duplicate open cases.
 */
export async function runBatchBench(ctx: BatchBenchContext): Promise<void> {
  const run = randomBytes(3).toString('hex').toUpperCase();
  const db = new PgClient({ connectionString: ctx.databaseUrl });
  await db.connect();
  try {
    const health = await bureauToken(ctx, 'health');
    const civil = await bureauToken(ctx, 'civil-affairs');
    const everyone = people(RECORDS + SAME, 0, ctx.householdKeySecret);
    const known = everyone.slice(0, RECORDS - NEW);
    const fresh = everyone.slice(RECORDS - NEW, RECORDS);
    const same = everyone.slice(RECORDS, RECORDS + SAME);
    stderrLog(`batch bench: ${known.length} alerts seeded as received before`);
    await seedReceived(db, run, known);

    const rows = [
      ...known.map((p, i) => record(`${run}-OLD-${i}`, p)),
      ...fresh.map((p, i) => record(`${run}-NEW-${i}`, p)),
    ];
    const body = JSON.stringify({ records: rows });

    // A B A: the yardsticks (raw COPY, no-op starts) before and after the batch, so that drift
    // cancels. The no-op starts are measured here rather than taken from the start of the run: by
    // now the server holds the cases of the phases before (a larger database, a fuller worker), and
    // the batch is compared with what that same server does with no-op workflows.
    const noopBefore = await ctx.noopRateNow('before-batch');
    const copyBefore = await rawCopy(db, rows);
    const batchId = `${run}-BIG`;
    const started = performance.now();
    await putBatch(ctx, await health(), batchId, body);
    stderrLog(`batch stored in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const prepared = await until(ctx, health, batchId, (v) => v.status !== 'received');
    const preparedSeconds = (performance.now() - started) / 1000;
    const copyAfter = await rawCopy(db, rows);
    const done = await until(ctx, health, batchId, (v) => v.status === 'done');
    // End to end: every new household's case is open (intake recorded it).
    const households = fresh.map((p) => p.householdKey);
    for (;;) {
      const opened = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM cases WHERE household_key = ANY($1::text[])`,
        [households],
      );
      if (Number(opened.rows[0]?.n) >= fresh.length) break;
      await sleep(200);
    }
    const endSeconds = (performance.now() - started) / 1000;
    const noopAfter = await ctx.noopRateNow('after-batch');
    const noopRate = (noopBefore + noopAfter) / 2;
    const copyRate = (copyBefore + copyAfter) / 2;
    const checkRate = RECORDS / preparedSeconds;
    const caseRate = fresh.length / endSeconds;
    stderrLog(`batch: ${JSON.stringify({ prepared, done })}`);
    ctx.print('batch.records', RECORDS, 'count');
    ctx.print('batch.raw_copy', copyRate, 'rows/s');
    ctx.print('batch.validate_and_dedupe', checkRate, 'rows/s');
    ctx.print('ratio.batch_validate_vs_copy', checkRate / copyRate, 'x');
    ctx.print('batch.new_cases', Number(done.newCases), 'count');
    ctx.print('batch.duplicates', Number(done.duplicates), 'count');
    ctx.print('batch.new_cases_end_to_end', caseRate, 'wf/s');
    ctx.print('batch.noop_start', noopRate, 'wf/s');
    ctx.print('ratio.batch_cases_vs_noop_start', caseRate / noopRate, 'x');
    if (Number.isFinite(ctx.firstNoopRate)) {
      ctx.print('ratio.batch_cases_vs_first_noop_start', caseRate / ctx.firstNoopRate, 'x');
    }

    if (SAME === 0) return;
    // The same households, three times, from two bureaus at once.
    const sameStarted = performance.now();
    const tokens = { health: await health(), 'civil-affairs': await civil() };
    const sends: Promise<void>[] = [];
    const ids: [string, () => Promise<string>][] = [];
    for (let round = 0; round < 3; round++) {
      for (const org of ['health', 'civil-affairs'] as const) {
        const id = `${run}-SAME-${round}`;
        const records = same.map((p, i) => record(`${run}-${org}-${round}-${i}`, p));
        sends.push(putBatch(ctx, tokens[org], id, JSON.stringify({ records })));
        ids.push([id, org === 'health' ? health : civil]);
      }
    }
    await Promise.all(sends);
    for (const [id, token] of ids) await until(ctx, token, id, (v) => v.status === 'done');
    const sameKeys = same.map((p) => p.householdKey);
    // Every household's case opened (intake records it a moment after the start): waits while the
    // count still grows, and gives up after a minute without progress.
    let lastCount = -1;
    let lastProgress = performance.now();
    for (;;) {
      const opened = await db.query<{ n: string }>(
        `SELECT count(DISTINCT household_key) AS n FROM cases WHERE household_key = ANY($1::text[])`,
        [sameKeys],
      );
      const count = Number(opened.rows[0]?.n);
      if (count >= SAME) break;
      if (count > lastCount) [lastCount, lastProgress] = [count, performance.now()];
      else if (performance.now() - lastProgress > 60_000) break;
      await sleep(500);
    }
    const duplicates = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT household_key FROM cases
         WHERE household_key = ANY($1::text[]) AND status = 'open'
         GROUP BY household_key HAVING count(*) > 1) d`,
      [sameKeys],
    );
    const cases = await db.query<{ n: string }>(
      `SELECT count(DISTINCT household_key) AS n FROM cases WHERE household_key = ANY($1::text[])`,
      [sameKeys],
    );
    ctx.print('same_households.households', SAME, 'count');
    ctx.print('same_households.alerts_sent', SAME * 6, 'count');
    ctx.print('same_households.households_with_a_case', Number(cases.rows[0]?.n), 'count');
    ctx.print('same_households.duplicate_open_cases', Number(duplicates.rows[0]?.n), 'count');
    ctx.print('same_households.seconds', (performance.now() - sameStarted) / 1000, 's');
  } finally {
    await db.end();
  }
}
