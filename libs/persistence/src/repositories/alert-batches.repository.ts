import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';

import type { AlertBatchView, SectorBureau } from '@fanpin/contracts';

/** A bureau's batch as stored (`alert_batches`). */
export interface BatchRow {
  source: SectorBureau;
  batch_id: string;
  digest: string;
  status: AlertBatchView['status'];
  total: number;
  rejected: number;
  duplicates: number;
  new_cases: number;
  attached: number;
  dispatched: number;
  received_at: Date;
  finished_at: Date | null;
  triage: boolean;
}

/** A batch to store, before its records. */
export interface NewBatch {
  bureau: SectorBureau;
  batchId: string;
  format: 'csv' | 'json';
  digest: string;
  total: number;
  rejected: number;
  /** Whether its alerts wait for the city's triage before they reach a case. */
  triage: boolean;
}

/** One line of a batch as stored: a keyed record, its head's data sealed or not kept, or a refusal. */
export interface BatchRecordRow {
  line: number;
  alertId: string | null;
  householdKey: string | null;
  villageCode: string | null;
  triggers: number[] | null;
  incomePerCapita: number | null;
  rigidExpenses: number | null;
  headNameSealed: string | null;
  headResidentIdSealed: string | null;
  headPhoneSealed: string | null;
  /** The reported person's member key, when the record founds a new household (its head). */
  memberKey: string | null;
  problemField: string | null;
  problemCode: string | null;
  problemMessage: string | null;
  /** Known at once for a resent alert (duplicate, rejected); else set when the batch is prepared. */
  outcome: string | null;
}

/** A refused line of a batch, as the rejection report lists it. */
export interface BatchRejectionRow {
  line: number;
  alert_id: string | null;
  problem_field: string;
  problem_code: string;
  problem_message: string;
}

/** A record to hand to its household's case, in the village the household lives in. */
export interface DispatchRow {
  line: number;
  alert_id: string;
  household_key: string;
  village_code: string;
  triggers: number[];
  /** When the case's deadlines count from: the city's confirmation of a triaged record, else receipt. */
  received_at: Date;
}

/** How a prepared batch's records were classified. */
export interface BatchCountsRow {
  rejected: number;
  duplicates: number;
  new_cases: number;
  attached: number;
}

/** One value in COPY's text format: NULL as \N; backslash, tab, newline and return escaped. */
function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** The COPY text of the records, in chunks of some 64 KiB, each line in the COPY's column order. */
function* copyLines(batch: NewBatch, records: Iterable<BatchRecordRow>): Generator<string> {
  const head = `${copyText(batch.bureau)}\t${copyText(batch.batchId)}\t`;
  let chunk = '';
  for (const r of records) {
    chunk +=
      head +
      [
        r.line,
        r.alertId,
        r.householdKey,
        r.villageCode,
        r.triggers === null ? null : `{${r.triggers.join(',')}}`,
        r.incomePerCapita,
        r.rigidExpenses,
        r.headNameSealed,
        r.headResidentIdSealed,
        r.headPhoneSealed,
        r.memberKey,
        r.problemField,
        r.problemCode,
        r.problemMessage,
        r.outcome,
      ]
        .map(copyText)
        .join('\t') +
      '\n';
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Sector-bureau batches (`alert_batches`) and their records (`alert_batch_records`). */
@Injectable()
export class AlertBatchesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(bureau: SectorBureau, batchId: string): Promise<BatchRow | undefined> {
    const [row] = await this.dataSource.query<BatchRow[]>(
      `SELECT * FROM alert_batches WHERE source = $1 AND batch_id = $2`,
      [bureau, batchId],
    );
    return row;
  }

  /** Every refused line of the batch, in order. */
  rejections(bureau: string, batchId: string): Promise<BatchRejectionRow[]> {
    return this.dataSource.query<BatchRejectionRow[]>(
      `SELECT line, alert_id, problem_field, problem_code, problem_message FROM alert_batch_records
       WHERE source = $1 AND batch_id = $2 AND outcome = 'rejected' ORDER BY line`,
      [bureau, batchId],
    );
  }

  /** Batches stored longer than `olderThanMs` ago whose processing never started. */
  stalled(olderThanMs: number): Promise<{ source: SectorBureau; batch_id: string }[]> {
    return this.dataSource.query<{ source: SectorBureau; batch_id: string }[]>(
      `SELECT source, batch_id FROM alert_batches
       WHERE status = 'received' AND received_at < now() - ($1 * interval '1 millisecond')
       ORDER BY received_at LIMIT 100`,
      [olderThanMs],
    );
  }

  /** The batch row and every record, in one transaction: one INSERT and one COPY. */
  async store(batch: NewBatch, records: Iterable<BatchRecordRow>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const pg = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    try {
      await pg.query('BEGIN');
      await pg.query(
        `INSERT INTO alert_batches (source, batch_id, format, digest, total, rejected, triage)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          batch.bureau,
          batch.batchId,
          batch.format,
          batch.digest,
          batch.total,
          batch.rejected,
          batch.triage,
        ],
      );
      const copy = pg.query(
        copyFrom(
          `COPY alert_batch_records (source, batch_id, line, alert_id, household_key, village_code,
             triggers, income_per_capita, rigid_expenses, head_name_sealed, head_resident_id_sealed,
             head_phone_sealed, member_key, problem_field, problem_code, problem_message, outcome) FROM STDIN`,
        ),
      );
      await pipeline(Readable.from(copyLines(batch, records)), copy);
      await pg.query('COMMIT');
    } catch (error) {
      await pg.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Prepares a stored batch, set-based: one statement stores the households, one the alerts, one
   * classifies every record (new case, attached to the household's case, duplicate of an alert
   * received before, or a conflicting resend), one counts the outcomes. Idempotent: a second run
   * finds households and alerts stored and outcomes set.
   */
  async prepare(bureau: SectorBureau, batchId: string): Promise<void> {
    const params = [bureau, batchId];
    // Fresh statistics after the bulk load: without them the planner takes the new batch for a row
    // or two and joins it row by row (minutes for 100,000 records instead of a second).
    await this.dataSource.query(`ANALYZE alert_batch_records`);
    await this.dataSource.transaction(async (db) => {
      // A new household's head is its first member, sealed as the head's fields are.
      await db.query(
        `WITH fresh AS (
           SELECT DISTINCT ON (household_key) household_key,
                  coalesce(member_key, household_key) AS member_key, village_code,
                  head_name_sealed, head_resident_id_sealed, head_phone_sealed
           FROM alert_batch_records
           WHERE source = $1 AND batch_id = $2 AND outcome IS NULL
             AND head_resident_id_sealed IS NOT NULL
           ORDER BY household_key, line
         ), stored AS (
           INSERT INTO households (household_key, village_code, head_name_sealed,
                                   head_resident_id_sealed, head_phone_sealed)
           SELECT household_key, village_code, head_name_sealed, head_resident_id_sealed,
                  head_phone_sealed
           FROM fresh
           ON CONFLICT (household_key) DO NOTHING
           RETURNING household_key, created_at
         )
         INSERT INTO household_members (household_key, member_key, name_sealed,
                                        resident_id_sealed, sealed_as, relation, joined_on,
                                        joined_reason, joined_by)
         SELECT f.household_key, f.member_key, f.head_name_sealed, f.head_resident_id_sealed,
                'head', 'head', (s.created_at AT TIME ZONE 'Asia/Shanghai')::date, 'registered', $1
         FROM stored s JOIN fresh f USING (household_key)
         ON CONFLICT (member_key) WHERE left_on IS NULL DO NOTHING`,
        params,
      );
      await db.query(
        `INSERT INTO alerts (source, alert_id, household_key, village_code, triggers, batch_id,
                             batch_line)
         SELECT source, alert_id, household_key, village_code, triggers, batch_id, line
         FROM alert_batch_records
         WHERE source = $1 AND batch_id = $2 AND outcome IS NULL
         ON CONFLICT (source, alert_id) DO NOTHING`,
        params,
      );
      // In a batch stored for triage, each new alert joins its household's pending item (one per
      // household, whichever bureau sent what), created when there is none; the upsert locks the
      // items, so a decision on them waits for this transaction.
      await db.query(
        `WITH fresh AS (
           SELECT DISTINCT a.household_key, h.village_code
           FROM alerts a JOIN households h USING (household_key)
           JOIN alert_batches b ON b.source = a.source AND b.batch_id = a.batch_id
           WHERE a.source = $1 AND a.batch_id = $2 AND a.triage_item_id IS NULL AND b.triage
         ), item AS (
           INSERT INTO triage_items (household_key, county_code, township_code, village_code)
           SELECT household_key, left(village_code, 6), left(village_code, 9), village_code
           FROM fresh
           ON CONFLICT (household_key) WHERE status = 'pending'
             DO UPDATE SET household_key = EXCLUDED.household_key
           RETURNING id, household_key
         )
         UPDATE alerts a SET triage_item_id = item.id FROM item
         WHERE a.source = $1 AND a.batch_id = $2 AND a.household_key = item.household_key
           AND a.triage_item_id IS NULL`,
        params,
      );
      // This batch's alerts: the first of each household in the batch opens or joins its case;
      // alerts received before are duplicates (same content) or conflicts (other content).
      await db.query(`ANALYZE alerts`);
      await db.query(
        `WITH rec AS (
           SELECT r.line, r.household_key,
                  (a.batch_id = r.batch_id AND a.batch_line = r.line) AS ours,
                  (a.household_key = r.household_key AND a.village_code = r.village_code
                   AND a.triggers = r.triggers) AS same,
                  min(r.line) FILTER (WHERE a.batch_id = r.batch_id AND a.batch_line = r.line)
                    OVER (PARTITION BY r.household_key) AS first_line
           FROM alert_batch_records r
           JOIN alerts a ON a.source = r.source AND a.alert_id = r.alert_id
           WHERE r.source = $1 AND r.batch_id = $2 AND r.outcome IS NULL
         ), classified AS (
           SELECT line,
                  CASE WHEN ours THEN
                         CASE WHEN line = first_line AND NOT EXISTS (
                                SELECT 1 FROM cases k WHERE k.household_key = rec.household_key
                                  AND k.status IN ('open', 'included'))
                              THEN 'new-case' ELSE 'attached' END
                       WHEN same THEN 'duplicate'
                       ELSE 'rejected' END AS outcome
           FROM rec
         )
         UPDATE alert_batch_records r SET
           outcome = c.outcome,
           problem_field = CASE WHEN c.outcome = 'rejected' THEN 'alertId' END,
           problem_code = CASE WHEN c.outcome = 'rejected' THEN 'ALERT.CONFLICT' END,
           problem_message = CASE WHEN c.outcome = 'rejected'
             THEN 'this alertId was received before with other content' END
         FROM classified c
         WHERE r.source = $1 AND r.batch_id = $2 AND r.line = c.line`,
        params,
      );
      await db.query(
        `UPDATE alert_batches b SET status = 'dispatching',
           rejected   = s.rejected,
           duplicates = s.duplicates,
           new_cases  = s.new_cases,
           attached   = s.attached
         FROM (SELECT count(*) FILTER (WHERE outcome = 'rejected') AS rejected,
                      count(*) FILTER (WHERE outcome = 'duplicate') AS duplicates,
                      count(*) FILTER (WHERE outcome = 'new-case') AS new_cases,
                      count(*) FILTER (WHERE outcome = 'attached') AS attached
               FROM alert_batch_records WHERE source = $1 AND batch_id = $2) s
         WHERE b.source = $1 AND b.batch_id = $2 AND b.status = 'received'`,
        params,
      );
    });
  }

  async counts(bureau: SectorBureau, batchId: string): Promise<BatchCountsRow | undefined> {
    const [counts] = await this.dataSource.query<BatchCountsRow[]>(
      `SELECT rejected, duplicates, new_cases, attached FROM alert_batches
       WHERE source = $1 AND batch_id = $2`,
      [bureau, batchId],
    );
    return counts;
  }

  /**
   * The next records after `afterLine` that are to reach a case and have not yet: a triaged record
   * once the city confirmed its item, its deadlines counting from the confirmation.
   */
  dispatchable(
    bureau: SectorBureau,
    batchId: string,
    afterLine: number,
    limit: number,
  ): Promise<DispatchRow[]> {
    return this.dataSource.query<DispatchRow[]>(
      // The household's village, not the record's: a known household's case runs where it lives.
      `SELECT r.line, r.alert_id, r.household_key, h.village_code, r.triggers,
              coalesce(t.decided_at, b.received_at) AS received_at
       FROM alert_batch_records r JOIN households h ON h.household_key = r.household_key
       JOIN alert_batches b ON b.source = r.source AND b.batch_id = r.batch_id
       LEFT JOIN alerts a ON a.source = r.source AND a.alert_id = r.alert_id
       LEFT JOIN triage_items t ON t.id = a.triage_item_id
       WHERE r.source = $1 AND r.batch_id = $2 AND r.line > $3
         AND r.outcome IN ('new-case', 'attached') AND NOT r.dispatched
         AND (t.id IS NULL OR t.status = 'confirmed')
       ORDER BY r.line LIMIT $4`,
      [bureau, batchId, afterLine, limit],
    );
  }

  /**
   * The records of `lines` handed over: they, their alerts and the batch's count, at once. Counts
   * only records not marked before: two runs (the batch's own and one of a triage confirmation)
   * may hand the same record over, which its case takes once.
   */
  async markDispatched(bureau: SectorBureau, batchId: string, lines: number[]): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const [marked] = await db.query<{ n: number }[]>(
        `WITH marked AS (
           UPDATE alert_batch_records SET dispatched = true
           WHERE source = $1 AND batch_id = $2 AND line = ANY($3::int[]) AND NOT dispatched
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM marked`,
        [bureau, batchId, lines],
      );
      await db.query(
        `UPDATE alerts a SET case_id = 'case-' || a.household_key, dispatched_at = now()
         WHERE a.source = $1 AND a.batch_id = $2 AND a.batch_line = ANY($3::int[])`,
        [bureau, batchId, lines],
      );
      await db.query(
        `UPDATE alert_batches SET dispatched = dispatched + $3
         WHERE source = $1 AND batch_id = $2`,
        [bureau, batchId, marked?.n ?? 0],
      );
    });
  }

  async finish(bureau: SectorBureau, batchId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_batches SET status = 'done', finished_at = now()
       WHERE source = $1 AND batch_id = $2 AND status <> 'done'`,
      [bureau, batchId],
    );
  }
}
