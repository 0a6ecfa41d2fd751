import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type {
  CaseStage,
  DeadlineSpec,
  Role,
  TaskInboxEntry,
  TaskKind,
  TaskStatus,
} from '@fanpin/contracts';

import { unnestArrays, type Queryable } from './database';
import type { DivisionColumn } from './division-scope';

/**
 * Writes one task's state into the inbox (`tasks`): one statement, safe to repeat, and a later state
 * is never overwritten by an earlier one, whatever order retried calls arrive in:
 * - a closed task (done, cancelled) is final: nothing changes it, not even a late 'open';
 * - `escalated_to` and `due_at` are only ever set while open, never cleared (the recount of
 *   provisional due dates, `TasksRepository.setRecountedDueDates`, clears an escalation its new date undoes);
 * - a provisional due date never replaces an official one: a case that writes its row before it
 *   has heard of a recount leaves the recounted date in place;
 * - the same state written again changes nothing, not even `updated_at`.
 * Kind, role, divisions, department and measure are fixed when the row is first written; an objection
 * review's notice end, once known, is kept. Due instants are kept to the
 * millisecond, as ISO strings carry them, so that paging cursors compare exactly.
 */
/** An official due date already in the row, which a provisional one must leave in place. */
const keepsDue = `(EXCLUDED.due_at IS NULL OR (EXCLUDED.due_provisional AND NOT t.due_provisional))`;

export const taskInboxUpsertSql = `
  INSERT INTO tasks AS t (run_id, case_id, task_id, kind, role, county_code, township_code,
                          village_code, status, due_at, escalated_to, completed_by, department,
                          due_provisional, due_from, due_spec, notice_ends_at, measure_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, date_trunc('milliseconds', $10::timestamptz), $11, $12,
          $13, $14, $15, $16, $17, $18)
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
    entry.measureId ?? null,
  ];
}

/** A row of the inbox (`tasks`), as the list queries read it. */
export interface InboxTaskRow {
  run_id: string;
  case_id: string;
  task_id: string;
  kind: TaskKind;
  role: Role;
  village_code: string;
  township_code: string;
  due_at: Date | null;
  due_provisional: boolean;
  escalated_to: Role | null;
  department: string | null;
  notice_ends_at: Date | null;
  status: TaskStatus;
  opened_at: Date;
  /** The case's stage (cases.stage), and its household's sealed head, joined by the list. */
  stage: CaseStage | null;
  head_name_sealed: string | null;
  head_resident_id_sealed: string | null;
  /** For a measure's task or a responsible unit's part: the measure, as the plan holds it. */
  measure_id: string | null;
  measure_kind: string | null;
  measure_code: string | null;
  measure_lead: string | null;
  measure_due_on: string | null;
  measure_facts: Record<string, unknown> | null;
}

/**
 * Which tasks an inbox lists: everything; the tasks of a role, and those escalated to it, in one
 * division; or the measures a department leads in the county of `code`.
 */
export type TaskListScope =
  | { kind: 'all' }
  | { kind: 'division'; role: string; column: DivisionColumn; code: string }
  | { kind: 'department'; department: string; code: string };

/** The filters and the keyset page of an inbox list. */
export interface TaskListFilter {
  status: TaskStatus;
  kind: TaskKind | null;
  overdue: boolean;
  /** The last task of the page before (no due date: last of all). */
  after: { dueAt: string | null; runId: string; taskId: string } | null;
  limit: number;
  townshipCode: string | null;
  villageCode: string | null;
  stage: CaseStage | null;
}

/** An open task of a case run, as its case file lists it. */
export interface OpenTaskRow {
  task_id: string;
  kind: string;
  role: string;
  due_at: Date | null;
  escalated_to: string | null;
}

/** An open task whose due date was counted on weekdays only, with what it was counted from. */
export interface ProvisionalTaskRow {
  run_id: string;
  case_id: string;
  task_id: string;
  due_at: Date | null;
  due_from: Date | null;
  due_spec: DeadlineSpec | null;
}

/** A provisional due date counted again. */
export interface RecountedDue {
  runId: string;
  taskId: string;
  dueAt: string;
  provisional: boolean;
}

// The order of every list, and the keyset its pages follow; the indexes of the task-inbox
// migration hold exactly this order, so each branch below is a range scan that stops at the limit.
const due = `coalesce(due_at, 'infinity'::timestamptz)`;
const order = `ORDER BY ${due}, run_id, task_id`;
const columns = `run_id, case_id, task_id, kind, role, village_code, township_code, due_at,
  due_provisional, escalated_to, department, notice_ends_at, status, opened_at, measure_id`;
/**
 * $1 status, $2 kind, $3 overdue, $4–$6 cursor, $7 limit, $8 township, $9 village, $10 stage. The
 * stage is the case's (cases.stage, one primary-key look-up per row the range scan meets).
 */
const filters = `status = $1 AND ($2::text IS NULL OR kind = $2)
  AND ($3::boolean IS NOT TRUE OR ${due} < now())
  AND ($4::timestamptz IS NULL OR (${due}, run_id, task_id) > ($4::timestamptz, $5::uuid, $6::text))
  AND ($8::text IS NULL OR township_code = $8) AND ($9::text IS NULL OR village_code = $9)
  AND ($10::text IS NULL OR EXISTS (
    SELECT 1 FROM cases c WHERE c.run_id = tasks.run_id AND c.stage = $10))`;

/**
 * The page with what the inbox shows beside each task: the case's stage, its household's head, and
 * for a measure's task (or a unit's part in it) the measure.
 */
const enrich = (page: string) => `
  SELECT page.*, c.stage, h.head_name_sealed, h.head_resident_id_sealed,
         m.kind AS measure_kind, m.measure_code, m.lead_department AS measure_lead,
         to_char(m.due_on, 'YYYY-MM-DD') AS measure_due_on, m.facts AS measure_facts
  FROM (${page}) AS page
  LEFT JOIN cases c ON c.run_id = page.run_id
  LEFT JOIN households h ON h.household_key = substr(page.case_id, 6)
  LEFT JOIN assistance_measures m ON m.run_id = page.run_id AND m.measure_id = page.measure_id
  ORDER BY coalesce(page.due_at, 'infinity'::timestamptz), page.run_id, page.task_id`;

const everythingSql = enrich(`SELECT ${columns} FROM tasks WHERE ${filters} ${order} LIMIT $7`);

/** $11 the role, $12 the division code: the role's own tasks, and those escalated to it. */
function divisionSql(column: DivisionColumn): string {
  const branch = (whose: string) =>
    `(SELECT ${columns} FROM tasks WHERE ${filters} AND ${whose} AND ${column} = $12 ${order} LIMIT $7)`;
  const own = branch('role = $11');
  const escalated = branch('escalated_to = $11 AND role <> $11');
  return enrich(`SELECT * FROM (${own} UNION ALL ${escalated}) AS page ${order} LIMIT $7`);
}

/** $11 the department, $12 the city: the measures a department leads (tasks_open_department_idx). */
const departmentSql = enrich(`SELECT ${columns} FROM tasks WHERE ${filters} AND department = $11
  AND county_code = $12 ${order} LIMIT $7`);

/** The open tasks whose due date was counted on weekdays only, a page at a time. */
const provisionalPageSql = `
  SELECT run_id, case_id, task_id, due_at, due_from, due_spec FROM tasks
  WHERE status = 'open' AND due_provisional
    AND ($1::uuid IS NULL OR (run_id, task_id) > ($1::uuid, $2::text))
  ORDER BY run_id, task_id LIMIT $3`;

/**
 * The new due dates in the inbox, in one statement. An escalation the new date undoes (it lies
 * ahead) is cleared: the case clears its own when it is told.
 */
const recountedSql = `
  UPDATE tasks t SET due_at = date_trunc('milliseconds', n.due_at), due_provisional = n.provisional,
         escalated_to = CASE WHEN n.due_at > now() THEN NULL ELSE t.escalated_to END,
         updated_at = now()
  FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::boolean[])
       AS n(run_id, task_id, due_at, provisional)
  WHERE t.run_id = n.run_id AND t.task_id = n.task_id AND t.status = 'open'`;

/** The task inbox (`tasks`): what the workflows have opened for each level. */
@Injectable()
export class TasksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes one task's state (`taskInboxUpsertSql`); with `db`, in that transaction. */
  async upsert(entry: TaskInboxEntry, db: Queryable = this.dataSource): Promise<void> {
    await db.query(taskInboxUpsertSql, taskInboxUpsertParams(entry));
  }

  /** A page of an inbox, in due order, with each task's case stage and household head. */
  list(scope: TaskListScope, f: TaskListFilter): Promise<InboxTaskRow[]> {
    const params: unknown[] = [
      f.status,
      f.kind,
      f.overdue,
      f.after ? (f.after.dueAt ?? 'infinity') : null,
      f.after?.runId ?? null,
      f.after?.taskId ?? null,
      f.limit,
      f.townshipCode,
      f.villageCode,
      f.stage,
    ];
    if (scope.kind === 'all') return this.dataSource.query<InboxTaskRow[]>(everythingSql, params);
    if (scope.kind === 'department') {
      return this.dataSource.query<InboxTaskRow[]>(departmentSql, [
        ...params,
        scope.department,
        scope.code,
      ]);
    }
    return this.dataSource.query<InboxTaskRow[]>(divisionSql(scope.column), [
      ...params,
      scope.role,
      scope.code,
    ]);
  }

  /** The open tasks of one case run, soonest due first. */
  openOfRun(runId: string): Promise<OpenTaskRow[]> {
    return this.dataSource.query<OpenTaskRow[]>(
      `SELECT task_id, kind, role, due_at, escalated_to FROM tasks
       WHERE run_id = $1 AND status = 'open'
       ORDER BY coalesce(due_at, 'infinity'::timestamptz), task_id`,
      [runId],
    );
  }

  /** The next page of open tasks with a provisional due date, after the task `after`. */
  provisionalPage(
    after: { runId: string; taskId: string } | null,
    limit: number,
  ): Promise<ProvisionalTaskRow[]> {
    return this.dataSource.query<ProvisionalTaskRow[]>(provisionalPageSql, [
      after?.runId ?? null,
      after?.taskId ?? '',
      limit,
    ]);
  }

  /** The recounted due dates of open tasks, in one statement. */
  async setRecountedDueDates(changed: RecountedDue[]): Promise<void> {
    await this.dataSource.query(
      recountedSql,
      unnestArrays(changed, ['runId', 'taskId', 'dueAt', 'provisional']),
    );
  }
}
