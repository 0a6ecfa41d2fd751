import { setTimeout as sleep } from 'node:timers/promises';

import { Client as PgClient } from 'pg';

import { stderrLog } from '@fanpin/devstack';

import { median, timed } from './latency';
import { City, label, type CityContext } from './read-cities';
import { bench } from './report';
import { StaffAccount } from './staff';

export interface TriageSettings {
  /** Records of the stored batch, a household each: the city's households, up to this many. */
  records: number;
  /** Timed runs of each kind (the median is reported), after one unmeasured run of each. */
  rounds: number;
}

const BATCH = 'BENCH-TRIAGE';

/**
 * A sector bureau's batch as the city's triage holds it once stored and prepared (ALERT_TRIAGE=city):
 * the batch, an alert per record, each household's pending item. Written in SQL, as the ways in
 * would have left them: the phase times the city's decision, not the receipt of the batch.
 */
async function seedBatch(db: PgClient, records: number): Promise<number> {
  await db.query(
    `INSERT INTO alert_batches (source, batch_id, format, digest, status, total, rejected,
                                new_cases, triage, finished_at)
     VALUES ('health', $1, 'json', 'bench', 'done', $2, 0, $2, true, now())`,
    [BATCH, records],
  );
  await db.query(
    `INSERT INTO triage_items (household_key, county_code, township_code, village_code)
     SELECT household_key, left(village_code, 6), left(village_code, 9), village_code
     FROM households ORDER BY household_key LIMIT $1`,
    [records],
  );
  const { rowCount } = await db.query(
    `INSERT INTO alerts (source, alert_id, household_key, village_code, triggers, batch_id,
                         batch_line, triage_item_id)
     SELECT 'health', 'BT-' || t.id, t.household_key, t.village_code, '{2}', $1,
            row_number() OVER (ORDER BY t.id), t.id
     FROM triage_items t`,
    [BATCH],
  );
  await db.query('ANALYZE triage_items');
  await db.query('ANALYZE alerts');
  await db.query('CHECKPOINT');
  return rowCount ?? 0;
}

/** Every item pending again, the table vacuumed: each timed run starts from the same rows. */
async function resetItems(db: PgClient): Promise<void> {
  await db.query(
    `UPDATE triage_items SET status = 'pending', reason = NULL, decision_id = NULL,
       decided_at = NULL WHERE status <> 'pending'`,
  );
  await db.query('VACUUM ANALYZE triage_items');
}

/** The township with the most items: the part of the batch the city dismisses by filter. */
async function largestTownship(db: PgClient): Promise<{ code: string; items: number }> {
  const { rows } = await db.query<{ code: string; items: number }>(
    `SELECT township_code AS code, count(*)::int AS items FROM triage_items
     GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no triage items seeded');
  return rows[0];
}

/**
 * The city bureau's bulk triage of a stored 100,000-record batch (`POST /v1/triage/decisions`, as
 * the city bureau): mixed decisions by filter, one township dismissed with a reason code, then
 * every other pending item confirmed; against a plain SQL pass over the same rows (one UPDATE that
 * sets every pending item's status). The ratio is the SQL pass's time over the triage's (1 would be
 * as fast as the bare UPDATE, higher is better). Timed: the two HTTP decisions, answered once
 * PostgreSQL has committed them. Not timed: the hand-over of confirmed records to Temporal, which
 * runs after the answer (the phase waits for it between runs; this city has no cases to open).
 */
export async function runTriageBench(ctx: CityContext, s: TriageSettings): Promise<void> {
  const city = await City.open(ctx, s.records);
  try {
    const bureau = new StaffAccount(city.apiUrl, ctx.admin, 'city-bureau', '220681');
    await bureau.signIn();
    const db = new PgClient({ connectionString: city.databaseUrl });
    await db.connect();
    try {
      const seeded = await seedBatch(db, s.records);
      stderrLog(`a batch of ${seeded} records stored for triage`);
      const dismissed = await largestTownship(db);
      const triage = async () => {
        const first = await bureau.post('/v1/triage/decisions', {
          decision: 'dismiss',
          reason: 'NOT_RURAL',
          filter: { townshipCode: dismissed.code },
        });
        const rest = await bureau.post('/v1/triage/decisions', {
          decision: 'confirm',
          filter: { all: true },
        });
        return {
          dismissed: first.decided as number,
          confirmed: rest.decided as number,
          decisionId: rest.decisionId as string,
        };
      };
      /** The confirmation's hand-over done (after the answer, not timed) before the next run. */
      const handedOver = async (decisionId: string) => {
        for (const until = Date.now() + 120_000; Date.now() < until; await sleep(100)) {
          const { rows } = await db.query(
            'SELECT 1 FROM triage_decisions WHERE id = $1 AND handed_at IS NOT NULL',
            [decisionId],
          );
          if (rows.length > 0) return;
        }
        throw new Error(`triage decision ${decisionId} was not handed over`);
      };
      const sql = async () => {
        const [made] = (
          await db.query<{ id: string }>(
            `INSERT INTO triage_decisions (decision, decided_by, handed_at)
             VALUES ('confirmed', 'bench', now()) RETURNING id`,
          )
        ).rows;
        const { rowCount } = await db.query(
          `UPDATE triage_items SET status = 'confirmed', decision_id = $1, decided_at = now()
           WHERE status = 'pending'`,
          [made!.id],
        );
        return rowCount ?? 0;
      };
      const runs = { triage: [] as number[], sql: [] as number[], groups: [] as number[] };
      await resetItems(db);
      let last = await triage();
      await handedOver(last.decisionId);
      await resetItems(db);
      await sql();
      // Alternating, so that a drift in the machine's load weighs on both alike.
      for (let round = 0; round < s.rounds; round++) {
        await resetItems(db);
        // What the city sees first: every pending item counted by township and village.
        runs.groups.push((await timed(() => bureau.get('/v1/triage/groups'))).ms);
        const t = await timed(triage);
        await handedOver(t.result.decisionId);
        await resetItems(db);
        const p = await timed(sql);
        runs.triage.push(t.ms);
        runs.sql.push(p.ms);
        last = t.result;
        if (p.result !== seeded) throw new Error(`the SQL pass set ${p.result} rows`);
      }
      if (last.dismissed !== dismissed.items || last.dismissed + last.confirmed !== seeded) {
        throw new Error(
          `the triage decided ${last.dismissed} + ${last.confirmed} items, not ${dismissed.items} + the rest of ${seeded}`,
        );
      }
      bench('triage.records', seeded, 'count', 0);
      bench('triage.dismissed', last.dismissed, 'count', 0);
      bench('triage.confirmed', last.confirmed, 'count', 0);
      bench('triage.groups_ms', median(runs.groups), 'ms');
      bench('triage.decide_ms', median(runs.triage), 'ms');
      bench('triage.sql_ms', median(runs.sql), 'ms');
      stderrLog(
        `ratio.triage_vs_sql = plain SQL UPDATE ms / triage decisions ms over ${label(s.records)} records (higher is better; 1 = as fast as the bare UPDATE; Temporal hand-over not timed)`,
      );
      bench('ratio.triage_vs_sql', median(runs.sql) / median(runs.triage), 'x');
    } finally {
      await db.end();
    }
  } finally {
    await city.close();
  }
}
