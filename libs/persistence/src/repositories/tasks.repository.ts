import type { TaskInboxEntry } from '@fanpin/contracts';

/**
 * Writes one task's state into the inbox (`tasks`): one statement, safe to repeat, and a later state
 * is never overwritten by an earlier one, whatever order retried calls arrive in:
 * - a closed task (done, cancelled) is final: nothing changes it, not even a late 'open';
 * - `escalated_to` and `due_at` are only ever set while open, never cleared (the recount of
 *   provisional due dates, RecountRepository, clears an escalation its new date undoes);
 * - a provisional due date never replaces an official one: a case that writes its row before it
 *   has heard of a recount leaves the recounted date in place;
 * - the same state written again changes nothing, not even `updated_at`.
 * Kind, role, divisions and department are fixed when the row is first written; an objection
 * review's notice end, once known, is kept. Due instants are kept to the
 * millisecond, as ISO strings carry them, so that paging cursors compare exactly.
 */
/** An official due date already in the row, which a provisional one must leave in place. */
const keepsDue = `(EXCLUDED.due_at IS NULL OR (EXCLUDED.due_provisional AND NOT t.due_provisional))`;

export const taskInboxUpsertSql = `
  INSERT INTO tasks AS t (run_id, case_id, task_id, kind, role, county_code, township_code,
                          village_code, status, due_at, escalated_to, completed_by, department,
                          due_provisional, due_from, due_spec, notice_ends_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, date_trunc('milliseconds', $10::timestamptz), $11, $12,
          $13, $14, $15, $16, $17)
  ON CONFLICT (run_id, task_id) DO UPDATE SET
    status          = EXCLUDED.status,
    due_at          = CASE WHEN ${keepsDue} THEN t.due_at ELSE EXCLUDED.due_at END,
    due_provisional = CASE WHEN ${keepsDue} THEN t.due_provisional ELSE EXCLUDED.due_provisional END,
    due_from        = coalesce(t.due_from, EXCLUDED.due_from),
    due_spec        = coalesce(t.due_spec, EXCLUDED.due_spec),
    escalated_to    = coalesce(EXCLUDED.escalated_to, t.escalated_to),
    completed_by    = coalesce(EXCLUDED.completed_by, t.completed_by),
    notice_ends_at  = coalesce(EXCLUDED.notice_ends_at, t.notice_ends_at),
    updated_at      = now()
  WHERE t.status = 'open'
    AND (EXCLUDED.status <> 'open'
      OR (NOT ${keepsDue} AND EXCLUDED.due_at IS DISTINCT FROM t.due_at)
      OR (EXCLUDED.escalated_to IS NOT NULL AND EXCLUDED.escalated_to IS DISTINCT FROM t.escalated_to))`;

/** The parameters of `taskInboxUpsertSql`, in order. */
export function taskInboxUpsertParams(entry: TaskInboxEntry): unknown[] {
  return [
    entry.runId,
    entry.caseId,
    entry.taskId,
    entry.kind,
    entry.role,
    entry.divisions.countyCode,
    entry.divisions.townshipCode,
    entry.divisions.villageCode,
    entry.status,
    entry.dueAt,
    entry.escalatedTo,
    entry.completedBy,
    entry.department ?? null,
    entry.dueProvisional ?? false,
    entry.dueBasis?.from ?? null,
    entry.dueBasis ? JSON.stringify(entry.dueBasis.spec) : null,
    entry.noticeEndsAt ?? null,
  ];
}
