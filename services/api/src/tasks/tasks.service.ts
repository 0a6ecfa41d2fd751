import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';

import type { Actor, TaskPage } from '@fanpin/contracts';
import { CalendarYears, PiiCipher } from '@fanpin/persistence';
import { nextReportCutoff } from '@fanpin/platform';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { accessDenied } from '../auth/auth.guard';
import type { TaskQueryDto } from './dto/task-query.dto';
import { headDisplay } from '../households/household-display';
import { inboxScope, type DivisionColumn } from './inbox-scope';
import { decodeTaskCursor, encodeTaskCursor } from './task-cursor';
import { taskView, type TaskRow } from './task-view';

// The order of every list, and the keyset its pages follow; the indexes of the task-inbox
// migration hold exactly this order, so each branch below is a range scan that stops at the limit.
const due = `coalesce(due_at, 'infinity'::timestamptz)`;
const order = `ORDER BY ${due}, run_id, task_id`;
const columns = `run_id, case_id, task_id, kind, role, village_code, township_code, due_at,
  due_provisional, escalated_to, department, notice_ends_at, status, opened_at`;
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

/** The page with what the inbox shows beside each task: the case's stage and its household's head. */
const enrich = (page: string) => `
  SELECT page.*, c.stage, h.head_name_sealed, h.head_resident_id_sealed
  FROM (${page}) AS page
  LEFT JOIN cases c ON c.run_id = page.run_id
  LEFT JOIN households h ON h.household_key = substr(page.case_id, 6)
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

/** The years between now and the page's due dates: the calendar must know them to count days left. */
function dueYears(rows: TaskRow[], now: Date): number[] {
  const first = now.getUTCFullYear();
  const last = Math.max(first, ...rows.map((r) => (r.due_at ?? now).getUTCFullYear() + 1));
  return Array.from({ length: Math.min(last - first + 1, 10) }, (_, i) => first + i);
}

/** The task inbox (待办): what the workflows have opened for each level, read from PostgreSQL. */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarYears,
    private readonly audit: AuditLog,
    private readonly cipher: PiiCipher,
  ) {}

  async list(actor: Actor, q: TaskQueryDto, request: Request): Promise<TaskPage> {
    const scope = inboxScope(actor);
    if (!scope) {
      await this.audit.recordQuietly(
        { kind: AuditKinds.accessRefused, outcome: 'refused', actor, reason: 'NO_TASK_INBOX' },
        request,
      );
      throw accessDenied('your role has no task inbox');
    }
    const limit = q.limit ?? 100;
    const cursor = q.after === undefined ? null : decodeTaskCursor(q.after);
    const params: unknown[] = [
      q.status ?? 'open',
      q.kind ?? null,
      q.overdue === 'true',
      cursor ? (cursor.dueAt ?? 'infinity') : null,
      cursor?.runId ?? null,
      cursor?.taskId ?? null,
      limit + 1,
      q.townshipCode ?? null,
      q.villageCode ?? null,
      q.stage ?? null,
    ];
    const rows =
      scope.kind === 'all'
        ? await this.dataSource.query<TaskRow[]>(everythingSql, params)
        : scope.kind === 'department'
          ? await this.dataSource.query<TaskRow[]>(departmentSql, [
              ...params,
              scope.department,
              scope.code,
            ])
          : await this.dataSource.query<TaskRow[]>(divisionSql(scope.column), [
              ...params,
              scope.role,
              scope.code,
            ]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next =
      rows.length > limit && last
        ? encodeTaskCursor({
            dueAt: last.due_at?.toISOString() ?? null,
            runId: last.run_id,
            taskId: last.task_id,
          })
        : null;
    const now = new Date();
    const calendar = await this.calendars.calendarOf(dueYears(page, now));
    return {
      tasks: page.map((row) => {
        const { headName, residentIdMasked } = headDisplay(this.cipher, actor, row);
        return taskView(row, now, calendar, { householdName: headName, residentIdMasked });
      }),
      next,
      nextReportCutoff: nextReportCutoff(now).toISOString(),
    };
  }
}
