import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';

/** One event of a case's history, its figures already sealed. */
export interface NewCaseEvent {
  runId: string;
  caseId: string;
  kind: string;
  stepId: string;
  actor: string;
  detail: Record<string, unknown>;
}

/** A row of the history query: an alert received, or a step of the case history. */
export interface HistoryRow {
  src: number;
  id: string;
  at: Date;
  at_key: string;
  kind: string;
  step_id: string;
  actor: string;
  actor_role: string | null;
  stage_after: string | null;
  detail: Record<string, unknown> | null;
}

/** A step of the history as its evidence shows it, its figures still sealed. */
export interface EvidenceRow {
  step_id: string;
  kind: string;
  recorded_at: Date;
  actor: string;
  detail: Record<string, unknown>;
}

/** One event of the append-only case history; a retried step finds its event and adds nothing. */
const appendEventSql = `
  INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (run_id, step_id) DO NOTHING`;

const eventParams = (e: NewCaseEvent) => [e.runId, e.caseId, e.kind, e.stepId, e.actor, e.detail];

/** µs-exact text of an instant, for cursors. */
const atKey = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The history of a case, oldest first: the alerts received for its household and every step of its
 * history (all monitoring periods), each read as an ordered range of its index
 * (`alerts_household_time_idx`, `case_events_case_idx`) that stops at the page.
 * $1 household key, $2 case id, $3–$5 cursor (at, source, id), $6 limit. Sealed figures never leave.
 */
const historySql = `
  SELECT * FROM (
    (SELECT 0 AS src, a.id::text, a.received_at AS at, ${atKey('a.received_at')} AS at_key,
            'alert' AS kind, a.alert_id AS step_id, a.source AS actor, NULL::text AS actor_role,
            NULL::text AS stage_after, jsonb_build_object('triggers', to_jsonb(a.triggers)) AS detail
     FROM alerts a
     WHERE a.household_key = $1
       AND ($3::timestamptz IS NULL OR (a.received_at, 0, a.id) > ($3::timestamptz, $4::int, $5::bigint))
     ORDER BY a.received_at, a.id LIMIT $6)
    UNION ALL
    (SELECT 1, e.id::text, e.recorded_at, ${atKey('e.recorded_at')}, e.kind, e.step_id, e.actor,
            acc.role, case_stage_after_event(e.kind, e.step_id, e.detail), e.detail - 'sealed'
     FROM case_events e LEFT JOIN accounts acc ON acc.account_id = e.actor
     WHERE e.case_id = $2
       AND ($3::timestamptz IS NULL OR (e.recorded_at, 1, e.id) > ($3::timestamptz, $4::int, $5::bigint))
     ORDER BY e.recorded_at, e.id LIMIT $6)
  ) history
  ORDER BY at, src, id::bigint LIMIT $6`;

/** The append-only history of every case (`case_events`, a trigger refuses changes). */
@Injectable()
export class CaseEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends the event unless its step is recorded already. */
  async append(event: NewCaseEvent): Promise<void> {
    await this.dataSource.query(appendEventSql, eventParams(event));
  }

  /** Appends the event unless its step is recorded already; whether it did, in `db`'s transaction. */
  async appendNew(event: NewCaseEvent, db: Queryable): Promise<boolean> {
    const appended = await db.query<unknown[]>(
      `${appendEventSql} RETURNING id`,
      eventParams(event),
    );
    return appended.length > 0;
  }

  /**
   * A page of a case's history with the alerts of its household, after the cursor `after`
   * (its instant, source and id), at most `limit` rows.
   */
  history(
    householdKey: string,
    caseId: string,
    after: readonly (string | number)[] | null,
    limit: number,
  ): Promise<HistoryRow[]> {
    return this.dataSource.query<HistoryRow[]>(historySql, [
      householdKey,
      caseId,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      limit,
    ]);
  }

  /** The steps of `kinds` of a case, in the order they were recorded. */
  ofKinds(caseId: string, kinds: readonly string[]): Promise<EvidenceRow[]> {
    return this.dataSource.query<EvidenceRow[]>(
      `SELECT step_id, kind, recorded_at, actor, detail FROM case_events
       WHERE case_id = $1 AND kind = ANY($2) ORDER BY recorded_at, id`,
      [caseId, kinds],
    );
  }
}
