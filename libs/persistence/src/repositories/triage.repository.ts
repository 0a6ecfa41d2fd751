import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';
import { scopeCondition, type ReadScope } from './division-scope';

/** The items a triage listing or decision is about: each filter given must match. */
export interface TriageFilter {
  townshipCode: string | null;
  villageCode: string | null;
  /** Items with at least one alert of this bureau (the whole item is meant, every sender's). */
  bureau: string | null;
}

/** Pending items and their alerts in one village. */
export interface TriageGroupRow {
  township_code: string;
  village_code: string;
  items: number;
  alerts: number;
}

/** One alert merged into an item. */
export interface TriageAlertRow {
  source: string;
  alert_id: string;
  triggers: number[];
  received_at: string;
}

/** An item with its household's sealed head and every alert merged into it. */
export interface TriageItemRow {
  id: string;
  household_key: string;
  township_code: string;
  village_code: string;
  status: 'pending' | 'confirmed' | 'dismissed';
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  head_name_sealed: string | null;
  head_resident_id_sealed: string | null;
  /** The household's case when a run of it is open or included now (a hint for ALREADY_MONITORED). */
  open_case_id: string | null;
  alerts: TriageAlertRow[];
}

/** What a decision changed. */
export interface TriageDecisionResult {
  decisionId: string;
  /** Pending items decided by this decision. */
  decided: number;
  /** Named items already decided the same way before (a repeated request): nothing changed. */
  unchanged: number;
}

/** Why a decision on named items was refused; nothing was changed. */
export type TriageRefusal =
  { refused: 'not-found'; count: number } | { refused: 'decided-otherwise'; count: number };

const FILTER = (alias: string, n: number) => `
  ($${n}::text IS NULL OR ${alias}.township_code = $${n})
  AND ($${n + 1}::text IS NULL OR ${alias}.village_code = $${n + 1})
  AND ($${n + 2}::text IS NULL OR EXISTS (
    SELECT 1 FROM alerts fa WHERE fa.triage_item_id = ${alias}.id AND fa.source = $${n + 2}))`;

/**
 * The city bureau's triage of sector-bureau alerts (`triage_items`, `triage_decisions`): one pending
 * item per household gathers every bureau's alerts about it until the city confirms or dismisses
 * it, set-based, for named items or for everything a filter selects.
 */
@Injectable()
export class TriageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The alert joins its household's pending item, created when there is none. The upsert locks
   * the item, so a decision on it waits for this transaction: the alert is decided with the item.
   */
  async join(
    alertRowId: string,
    householdKey: string,
    villageCode: string,
    db: Queryable,
  ): Promise<string> {
    const [joined] = await db.query<{ id: string }[]>(
      `WITH item AS (
         INSERT INTO triage_items (household_key, county_code, township_code, village_code)
         VALUES ($2, left($3, 6), left($3, 9), $3)
         ON CONFLICT (household_key) WHERE status = 'pending'
           DO UPDATE SET household_key = EXCLUDED.household_key
         RETURNING id
       )
       UPDATE alerts SET triage_item_id = item.id FROM item WHERE alerts.id = $1
       RETURNING item.id`,
      [alertRowId, householdKey, villageCode],
    );
    if (!joined) throw new Error('the alert to triage is not stored');
    return joined.id;
  }

  /** Pending items and their alerts per village of the scope, by township and village. */
  groups(scope: ReadScope, filter: TriageFilter): Promise<TriageGroupRow[]> {
    return this.dataSource.query<TriageGroupRow[]>(
      `SELECT t.township_code, t.village_code, count(*)::int AS items,
              sum((SELECT count(*) FROM alerts a WHERE a.triage_item_id = t.id))::int AS alerts
       FROM triage_items t
       WHERE t.status = 'pending' AND ${scopeCondition(scope, 't', 1)} AND ${FILTER('t', 2)}
       GROUP BY t.township_code, t.village_code
       ORDER BY t.township_code, t.village_code`,
      [scope?.code ?? null, filter.townshipCode, filter.villageCode, filter.bureau],
    );
  }

  /** A page of items of a status, oldest first, after the item of id `after`. */
  items(
    scope: ReadScope,
    filter: TriageFilter,
    status: TriageItemRow['status'],
    after: number,
    limit: number,
  ): Promise<TriageItemRow[]> {
    return this.dataSource.query<TriageItemRow[]>(
      `SELECT t.id, t.household_key, t.township_code, t.village_code, t.status, t.reason,
              t.created_at, t.decided_at, h.head_name_sealed, h.head_resident_id_sealed,
              (SELECT k.case_id FROM cases k WHERE k.household_key = t.household_key
                 AND k.status IN ('open', 'included') LIMIT 1) AS open_case_id,
              (SELECT json_agg(json_build_object('source', a.source, 'alert_id', a.alert_id,
                        'triggers', a.triggers, 'received_at', a.received_at) ORDER BY a.id)
               FROM alerts a WHERE a.triage_item_id = t.id) AS alerts
       FROM triage_items t JOIN households h USING (household_key)
       WHERE t.status = $1 AND t.id > $2 AND ${scopeCondition(scope, 't', 3)}
         AND ${FILTER('t', 4)}
       ORDER BY t.id LIMIT $7`,
      [
        status,
        after,
        scope?.code ?? null,
        filter.townshipCode,
        filter.villageCode,
        filter.bureau,
        limit,
      ],
    );
  }

  /**
   * Decides the pending items named (`ids`) or, without ids, every pending item the filter selects
   * in the scope: one UPDATE, whatever their number. Named items must all exist in the scope, and
   * none may have been decided otherwise (another decision or reason): else nothing changes.
   */
  async decide(
    scope: ReadScope,
    decision: 'confirmed' | 'dismissed',
    reason: string | null,
    actorId: string,
    selection: { ids: string[] } | { filter: TriageFilter },
  ): Promise<TriageDecisionResult | TriageRefusal> {
    return this.dataSource.transaction(async (db) => {
      let unchanged = 0;
      if ('ids' in selection) {
        const known = await db.query<{ id: string; status: string; reason: string | null }[]>(
          `SELECT t.id, t.status, t.reason FROM triage_items t
           WHERE t.id = ANY($1::bigint[]) AND ${scopeCondition(scope, 't', 2)}
           ORDER BY t.id FOR UPDATE`,
          [selection.ids, scope?.code ?? null],
        );
        const missing = new Set(selection.ids).size - known.length;
        if (missing > 0) return { refused: 'not-found', count: missing };
        const decided = known.filter((k) => k.status !== 'pending');
        const otherwise = decided.filter((k) => k.status !== decision || k.reason !== reason);
        if (otherwise.length > 0) return { refused: 'decided-otherwise', count: otherwise.length };
        unchanged = decided.length;
      }
      const [made] = await db.query<{ id: string }[]>(
        `INSERT INTO triage_decisions (decision, reason, decided_by) VALUES ($1, $2, $3)
         RETURNING id`,
        [decision, reason, actorId],
      );
      const decisionId = made!.id;
      const filter =
        'filter' in selection
          ? selection.filter
          : { townshipCode: null, villageCode: null, bureau: null };
      const [counted] = await db.query<{ n: number }[]>(
        `WITH decided AS (
           UPDATE triage_items t
           SET status = $1, reason = $2, decision_id = $3, decided_at = now()
           WHERE t.status = 'pending' AND ($4::bigint[] IS NULL OR t.id = ANY($4::bigint[]))
             AND ${scopeCondition(scope, 't', 5)} AND ${FILTER('t', 6)}
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM decided`,
        [
          decision,
          reason,
          decisionId,
          'ids' in selection ? selection.ids : null,
          scope?.code ?? null,
          filter.townshipCode,
          filter.villageCode,
          filter.bureau,
        ],
      );
      const decided = counted?.n ?? 0;
      await db.query(`UPDATE triage_decisions SET items = $2 WHERE id = $1`, [decisionId, decided]);
      return { decisionId, decided, unchanged };
    });
  }

  /** The batches whose alerts a decision confirmed: each hands its confirmed records over. */
  batchesOf(decisionId: string): Promise<{ source: string; batch_id: string }[]> {
    return this.dataSource.query<{ source: string; batch_id: string }[]>(
      `SELECT DISTINCT a.source, a.batch_id
       FROM triage_items t JOIN alerts a ON a.triage_item_id = t.id
       WHERE t.decision_id = $1 AND t.status = 'confirmed' AND a.batch_id IS NOT NULL`,
      [decisionId],
    );
  }

  async markHanded(decisionId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE triage_decisions SET handed_at = now() WHERE id = $1 AND handed_at IS NULL`,
      [decisionId],
    );
  }

  /** Confirmations older than `olderThanMs` whose batch alerts were never handed over. */
  async unhanded(olderThanMs: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM triage_decisions
       WHERE handed_at IS NULL AND decision = 'confirmed'
         AND decided_at < now() - ($1 * interval '1 millisecond')
       ORDER BY decided_at LIMIT 100`,
      [olderThanMs],
    );
    return rows.map((r) => r.id);
  }
}
