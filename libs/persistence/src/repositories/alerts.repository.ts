import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AlertRef } from '@fanpin/contracts';

import type { Queryable } from './database';

/** An alert to store, from any way in; its detail's figures already sealed. */
export interface NewAlert {
  source: AlertRef['source'];
  alertId: string;
  householdKey: string;
  villageCode: string;
  triggers: number[];
  detail: Record<string, unknown> | null;
}

/** An alert as stored, with the village its household lives in. */
export interface AlertRow {
  id: string;
  household_key: string;
  village_code: string;
  triggers: number[];
  case_id: string | null;
  dispatched_at: Date | null;
  received_at: Date;
  /** The village the household lives in (households.village_code), not the one this alert named. */
  household_village: string;
  /** The city's triage item the alert waits in, or was decided in; null when not triaged. */
  triage_item_id: string | null;
}

/** An alert with what became of it: the status of its case run. */
export interface AlertOutcomeRow {
  id: string;
  alert_id: string;
  village_code: string;
  triggers: number[];
  received_at: Date;
  case_id: string | null;
  // The cases table's status column (its CHECK constraint lists the same values).
  status: 'open' | 'included' | 'excluded' | 'risk-eliminated' | null;
  /** The city's triage of the alert's item: null when the alert was not triaged. */
  triage_status: 'pending' | 'confirmed' | 'dismissed' | null;
  /** A dismissal's reason code. */
  triage_reason: string | null;
}

/** An alert stored but never handed to its case, in the village its household lives in. */
export interface PendingAlertRow {
  id: string;
  source: AlertRef['source'];
  alert_id: string;
  household_key: string;
  village_code: string;
  triggers: number[];
  /** When the case's deadlines count from: the city's confirmation of a triaged alert, else receipt. */
  received_at: Date;
}

/**
 * The alert's case run tells the bureau what became of it: the run that was open when the alert was
 * received, or else the first one opened after it (the run the alert started).
 */
const OUTCOME_SELECT = `
  SELECT a.id, a.alert_id, a.village_code, a.triggers, a.received_at, a.case_id, c.status,
         t.status AS triage_status, t.reason AS triage_reason
  FROM alerts a
  LEFT JOIN triage_items t ON t.id = a.triage_item_id
  LEFT JOIN LATERAL (
    SELECT status FROM cases
    WHERE cases.case_id = a.case_id
      AND (cases.decided_at IS NULL OR cases.decided_at >= a.received_at)
    ORDER BY opened_at ASC LIMIT 1
  ) c ON true`;

/** The signals about households from every way in (`alerts`), each stored before it is handed on. */
@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the alert unless its id was received from its source before (then undefined). */
  async insert(alert: NewAlert, db: Queryable = this.dataSource): Promise<AlertRow | undefined> {
    const [inserted] = await db.query<AlertRow[]>(
      `INSERT INTO alerts (source, alert_id, household_key, village_code, triggers, detail)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source, alert_id) DO NOTHING
       RETURNING id, household_key, village_code, triggers, case_id, dispatched_at, received_at,
                 triage_item_id, (SELECT village_code FROM households WHERE household_key = $3) AS household_village`,
      [
        alert.source,
        alert.alertId,
        alert.householdKey,
        alert.villageCode,
        alert.triggers,
        alert.detail,
      ],
    );
    return inserted;
  }

  async find(
    source: string,
    alertId: string,
    db: Queryable = this.dataSource,
  ): Promise<AlertRow | undefined> {
    const [existing] = await db.query<AlertRow[]>(
      `SELECT a.id, a.household_key, a.village_code, a.triggers, a.case_id, a.dispatched_at,
              a.received_at, a.triage_item_id, h.village_code AS household_village
       FROM alerts a JOIN households h USING (household_key)
       WHERE a.source = $1 AND a.alert_id = $2`,
      [source, alertId],
    );
    return existing;
  }

  /** The alert handed to its case. */
  async markDispatched(id: string, caseId: string, db: Queryable = this.dataSource): Promise<void> {
    await db.query(`UPDATE alerts SET case_id = $2, dispatched_at = now() WHERE id = $1`, [
      id,
      caseId,
    ]);
  }

  /**
   * Up to `limit` alerts never handed over (outside a batch), oldest first, locked in `db`'s
   * transaction; those another sweep holds are passed over. An alert not triaged is taken once it
   * is older than `olderThanMs` (its own request hands it over before); a triaged one once the
   * city confirmed its item (nothing else hands it over), and never while pending or dismissed.
   */
  lockPending(olderThanMs: number, limit: number, db: Queryable): Promise<PendingAlertRow[]> {
    return db.query<PendingAlertRow[]>(
      // The household's village, not the alert's: a known household's case runs where it lives.
      `SELECT a.id, a.source, a.alert_id, a.household_key, h.village_code, a.triggers,
              coalesce(t.decided_at, a.received_at) AS received_at
       FROM alerts a JOIN households h USING (household_key)
       LEFT JOIN triage_items t ON t.id = a.triage_item_id
       WHERE a.dispatched_at IS NULL AND a.batch_id IS NULL
         AND CASE WHEN a.triage_item_id IS NULL
                  THEN a.received_at < now() - ($1 * interval '1 millisecond')
                  ELSE t.status = 'confirmed' END
       ORDER BY a.received_at LIMIT ${limit} FOR UPDATE OF a SKIP LOCKED`,
      [olderThanMs],
    );
  }

  /** A source's alerts, newest first, before the alert of id `before`, with their outcomes. */
  outcomes(
    source: string | null,
    before: number | null,
    limit: number,
  ): Promise<AlertOutcomeRow[]> {
    return this.dataSource.query<AlertOutcomeRow[]>(
      `${OUTCOME_SELECT} WHERE a.source = $1 AND ($2::bigint IS NULL OR a.id < $2)
       ORDER BY a.id DESC LIMIT $3`,
      [source, before, limit],
    );
  }

  async outcome(source: string | null, alertId: string): Promise<AlertOutcomeRow | undefined> {
    const [row] = await this.dataSource.query<AlertOutcomeRow[]>(
      `${OUTCOME_SELECT} WHERE a.source = $1 AND a.alert_id = $2`,
      [source, alertId],
    );
    return row;
  }

  /** Each of the source's alerts of `alertIds` received before, as `household|village|triggers`. */
  async contentsOf(source: string, alertIds: string[]): Promise<[string, string][]> {
    const rows = await this.dataSource.query<{ alert_id: string; content: string }[]>(
      `SELECT a.alert_id, a.household_key || '|' || a.village_code || '|' ||
              array_to_string(a.triggers, ',') AS content
       FROM alerts a JOIN unnest($2::text[]) AS k(alert_id) USING (alert_id)
       WHERE a.source = $1`,
      [source, alertIds],
    );
    return rows.map((r) => [r.alert_id, r.content]);
  }
}
