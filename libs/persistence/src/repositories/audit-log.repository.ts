import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';

/** One row of the append-only audit log (`audit_log`): codes only, never personal data. */
export interface AuditLogRow {
  /** When it happened; the database's clock when omitted. */
  at?: string;
  kind: string;
  outcome: 'ok' | 'refused' | 'failed';
  actorId: string | null;
  actorRole: string | null;
  method: string | null;
  /** The route pattern, never the URL. */
  route: string | null;
  target: string | null;
  reason: string | null;
  correlationId: string | null;
}

/** An entry as the log's reader gets it. */
export interface AuditLogEntryRow {
  id: string;
  at: Date;
  kind: string;
  outcome: string;
  actor_id: string | null;
  actor_role: string | null;
  method: string | null;
  route: string | null;
  target: string | null;
  reason: string | null;
  correlation_id: string | null;
}

/** Filters of the log's pages: each one that is given must match. */
export interface AuditLogFilter {
  kind?: string;
  outcome?: string;
  actorId?: string;
  target?: string;
  /** Entries older than this id (the page cursor). */
  before?: number;
  limit: number;
}

/**
 * Appends one audit entry. The API writes its own entries with it, and the verification service a
 * decision's entry in the transaction of the decision's history step.
 */
const insertSql = `
  INSERT INTO audit_log (at, kind, outcome, actor_id, actor_role, method, route, target, reason,
                         correlation_id)
  VALUES (coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/**
 * Appends an audit entry unless one of the same kind, target and correlation id exists: for entries
 * an activity writes, which a retry must not write twice. Parameters as `insertParams`.
 */
const insertOnceSql = `
  INSERT INTO audit_log (at, kind, outcome, actor_id, actor_role, method, route, target, reason,
                         correlation_id)
  SELECT coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10
  WHERE NOT EXISTS (SELECT 1 FROM audit_log
                    WHERE kind = $2 AND target = $8 AND correlation_id = $10)`;

/** The parameters of `insertSql`, in order. */
function insertParams(row: AuditLogRow): unknown[] {
  return [
    row.at ?? null,
    row.kind,
    row.outcome,
    row.actorId,
    row.actorRole,
    row.method,
    row.route,
    row.target,
    row.reason,
    row.correlationId,
  ];
}

/** The append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends the entry; with `db`, in that transaction, so that it stands or falls with the act. */
  async append(row: AuditLogRow, db: Queryable = this.dataSource): Promise<void> {
    await db.query(insertSql, insertParams(row));
  }

  /** Appends the entry once per kind, target and correlation id, however often retried. */
  async appendOnce(row: AuditLogRow): Promise<void> {
    await this.dataSource.query(insertOnceSql, insertParams(row));
  }

  /** A page of the log, newest first. */
  page(filter: AuditLogFilter): Promise<AuditLogEntryRow[]> {
    return this.dataSource.query<AuditLogEntryRow[]>(
      `SELECT id, at, kind, outcome, actor_id, actor_role, method, route, target, reason, correlation_id
       FROM audit_log
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR outcome = $2)
         AND ($3::text IS NULL OR actor_id = $3) AND ($4::text IS NULL OR target = $4)
         AND ($5::bigint IS NULL OR id < $5)
       ORDER BY id DESC LIMIT $6`,
      [
        filter.kind ?? null,
        filter.outcome ?? null,
        filter.actorId ?? null,
        filter.target ?? null,
        filter.before ?? null,
        filter.limit,
      ],
    );
  }

  /**
   * When entries of kind `kinds.locked` last locked the account since its last successful entry of
   * kind `kinds.signIn`, if they did.
   */
  async lockedSinceSignIn(
    accountId: string,
    kinds: { locked: string; signIn: string },
  ): Promise<Date | undefined> {
    const [row] = await this.dataSource.query<{ at: Date | null }[]>(
      `SELECT max(at) AS at FROM audit_log
       WHERE kind = $2 AND target = $1
         AND id > coalesce((SELECT max(id) FROM audit_log
                            WHERE kind = $3 AND outcome = 'ok' AND actor_id = $1), 0)`,
      [accountId, kinds.locked, kinds.signIn],
    );
    return row?.at ?? undefined;
  }
}
