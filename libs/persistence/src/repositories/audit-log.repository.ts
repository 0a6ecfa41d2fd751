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

/**
 * Appends one audit entry. The API writes its own entries with it, and the verification service a
 * decision's entry in the transaction of the decision's history step.
 */
export const auditLogInsertSql = `
  INSERT INTO audit_log (at, kind, outcome, actor_id, actor_role, method, route, target, reason,
                         correlation_id)
  VALUES (coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/** The parameters of `auditLogInsertSql`, in order. */
export function auditLogInsertParams(row: AuditLogRow): unknown[] {
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

/**
 * Appends an audit entry unless one of the same kind, target and correlation id exists: for entries
 * an activity writes, which a retry must not write twice. Parameters as `auditLogInsertParams`.
 */
export const auditLogInsertOnceSql = `
  INSERT INTO audit_log (at, kind, outcome, actor_id, actor_role, method, route, target, reason,
                         correlation_id)
  SELECT coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10
  WHERE NOT EXISTS (SELECT 1 FROM audit_log
                    WHERE kind = $2 AND target = $8 AND correlation_id = $10)`;
