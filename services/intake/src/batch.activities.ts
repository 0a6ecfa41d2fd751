import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { heartbeat } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';

import {
  WorkflowTypes,
  caseSignalWithStart,
  type AlertRef,
  type BatchActivities,
  type BatchRef,
  type DispatchBatchCommand,
  type DispatchBatchResult,
  type HouseholdCaseInput,
  type PreparedBatch,
} from '@fanpin/contracts';
import { divisionsOfVillage } from '@fanpin/domain';
import {
  CommandSigner,
  payloadCodecKeys,
  temporalDataConverter,
  whileHeartbeating,
  type ConfigOf,
} from '@fanpin/platform';
import type { temporalSettings } from '@fanpin/platform';

/** How many Signal-With-Starts one dispatching activity keeps in flight. */
const IN_FLIGHT = 32;

/** A Temporal client for the intake service, closed on shutdown. */
@Injectable()
export class IntakeTemporalClient implements OnApplicationShutdown {
  private client?: Promise<Client>;

  constructor(private readonly config: ConfigOf<typeof temporalSettings>) {}

  get(): Promise<Client> {
    this.client ??= Connection.connect({ address: this.config.TEMPORAL_ADDRESS }).then(
      (connection) =>
        new Client({
          connection,
          namespace: this.config.TEMPORAL_NAMESPACE,
          dataConverter: temporalDataConverter(payloadCodecKeys(this.config)),
        }),
    );
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client) await (await this.client).connection.close();
  }
}

interface DispatchRow {
  line: number;
  alert_id: string;
  household_key: string;
  village_code: string;
  triggers: number[];
}

/**
 * Bureau batches, set-based: one statement stores the households, one the alerts, one classifies
 * every record (new case, attached to the household's case, duplicate of an alert received before,
 * or a conflicting resend). Only the households that need a case or an attached alert then reach
 * Temporal, a chunk at a time with a bounded number of Signal-With-Starts in flight: the same
 * household from several bureaus at once still has one workflow, as the workflow id is its key.
 */
@Injectable()
export class BatchActivitiesService {
  private readonly logger = new Logger('batches');

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: IntakeTemporalClient,
    private readonly signer: CommandSigner,
  ) {}

  activities(): BatchActivities {
    return {
      // One transaction of set-based statements, seconds for a large batch: heartbeats meanwhile.
      prepareBatch: (ref) => whileHeartbeating(() => this.prepareBatch(ref)),
      dispatchBatch: (command) => this.dispatchBatch(command),
      finishBatch: (ref) => this.finishBatch(ref),
    };
  }

  /** Idempotent: a second run finds households and alerts stored and outcomes set. */
  async prepareBatch(ref: BatchRef): Promise<PreparedBatch> {
    const params = [ref.bureau, ref.batchId];
    const started = performance.now();
    // Fresh statistics after the bulk load: without them the planner takes the new batch for a row
    // or two and joins it row by row (minutes for 100,000 records instead of a second).
    await this.dataSource.query(`ANALYZE alert_batch_records`);
    await this.dataSource.transaction(async (db) => {
      await db.query(
        `INSERT INTO households (household_key, village_code, head_name_sealed,
                                 head_resident_id_sealed, head_phone_sealed)
         SELECT DISTINCT ON (household_key) household_key, village_code, head_name_sealed,
                head_resident_id_sealed, head_phone_sealed
         FROM alert_batch_records
         WHERE source = $1 AND batch_id = $2 AND outcome IS NULL
           AND head_resident_id_sealed IS NOT NULL
         ORDER BY household_key, line
         ON CONFLICT (household_key) DO NOTHING`,
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
    const [counts] = await this.dataSource.query<
      { rejected: number; duplicates: number; new_cases: number; attached: number }[]
    >(
      `SELECT rejected, duplicates, new_cases, attached FROM alert_batches
       WHERE source = $1 AND batch_id = $2`,
      params,
    );
    this.logger.log(
      `batch ${ref.bureau}/${ref.batchId} prepared in ${Math.round(performance.now() - started)} ms`,
    );
    return {
      rejected: counts?.rejected ?? 0,
      duplicates: counts?.duplicates ?? 0,
      newCases: counts?.new_cases ?? 0,
      attached: counts?.attached ?? 0,
    };
  }

  /** The next chunk after `afterLine`: each alert to its household's case, then marked dispatched. */
  async dispatchBatch(c: DispatchBatchCommand): Promise<DispatchBatchResult> {
    const rows = await this.dataSource.query<DispatchRow[]>(
      // The household's village, not the record's: a known household's case runs where it lives.
      `SELECT r.line, r.alert_id, r.household_key, h.village_code, r.triggers
       FROM alert_batch_records r JOIN households h ON h.household_key = r.household_key
       WHERE r.source = $1 AND r.batch_id = $2 AND r.line > $3
         AND r.outcome IN ('new-case', 'attached') AND NOT r.dispatched
       ORDER BY r.line LIMIT $4`,
      [c.bureau, c.batchId, c.afterLine, c.limit],
    );
    const [batch] = await this.dataSource.query<{ received_at: Date }[]>(
      `SELECT received_at FROM alert_batches WHERE source = $1 AND batch_id = $2`,
      [c.bureau, c.batchId],
    );
    const receivedAt = batch?.received_at.toISOString();
    const client = await this.temporal.get();
    let next = 0;
    let done = 0;
    const caseIds = new Map<number, string>();
    const work = async (): Promise<void> => {
      while (next < rows.length) {
        const row = rows[next++] as DispatchRow;
        const divisions = divisionsOfVillage(row.village_code);
        if (!divisions) throw new Error('a stored record has an unknown village');
        const input: HouseholdCaseInput = {
          householdKey: row.household_key,
          divisions,
          channel: 'bureau-alert',
          policy: c.policy,
          ...(receivedAt ? { receivedAt } : {}),
        };
        const alert: AlertRef = { alertId: row.alert_id, source: c.bureau, triggers: row.triggers };
        const options = caseSignalWithStart(input, alert, (caseId, message, command) =>
          this.signer.sign(caseId, message, command),
        );
        await client.workflow.signalWithStart(WorkflowTypes.householdCase, options);
        caseIds.set(row.line, options.workflowId);
        if (++done % 200 === 0) heartbeat(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, rows.length) }, work));
    const lines = rows.map((r) => r.line);
    if (lines.length > 0) {
      await this.dataSource.transaction(async (db) => {
        await db.query(
          `UPDATE alert_batch_records SET dispatched = true
           WHERE source = $1 AND batch_id = $2 AND line = ANY($3::int[])`,
          [c.bureau, c.batchId, lines],
        );
        await db.query(
          `UPDATE alerts a SET case_id = 'case-' || a.household_key, dispatched_at = now()
           WHERE a.source = $1 AND a.batch_id = $2 AND a.batch_line = ANY($3::int[])`,
          [c.bureau, c.batchId, lines],
        );
        await db.query(
          `UPDATE alert_batches SET dispatched = dispatched + $3
           WHERE source = $1 AND batch_id = $2`,
          [c.bureau, c.batchId, lines.length],
        );
      });
    }
    return {
      dispatched: lines.length,
      lastLine: lines.at(-1) ?? c.afterLine,
      done: rows.length < c.limit,
    };
  }

  async finishBatch(ref: BatchRef): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_batches SET status = 'done', finished_at = now()
       WHERE source = $1 AND batch_id = $2 AND status <> 'done'`,
      [ref.bureau, ref.batchId],
    );
    this.logger.log(`batch ${ref.bureau}/${ref.batchId} done`);
  }
}
