import type { Role, TaskKind, TaskStatus, TaskView } from '@fanpin/contracts';
import { workingDaysBetween } from '@fanpin/platform';

/** A row of the inbox (`tasks`), as the list queries read it. */
export interface TaskRow {
  run_id: string;
  case_id: string;
  task_id: string;
  kind: TaskKind;
  role: Role;
  village_code: string;
  township_code: string;
  due_at: Date | null;
  escalated_to: Role | null;
  department: string | null;
  notice_ends_at: Date | null;
  status: TaskStatus;
  opened_at: Date;
}

/** Working days left before the due day, or null without a due date or a calendar for the days. */
function workingDaysLeft(dueAt: Date | null, now: Date): number | null {
  if (dueAt === null) return null;
  try {
    return workingDaysBetween(now, dueAt);
  } catch {
    return null;
  }
}

/** A task as the inbox shows it at `now`: how long it has, and whether it is late. */
export function taskView(row: TaskRow, now: Date): TaskView {
  return {
    caseId: row.case_id,
    taskId: row.task_id,
    kind: row.kind,
    role: row.role,
    villageCode: row.village_code,
    townshipCode: row.township_code,
    dueAt: row.due_at?.toISOString() ?? null,
    workingDaysLeft: workingDaysLeft(row.due_at, now),
    overdue: row.status === 'open' && row.due_at !== null && row.due_at < now,
    escalatedTo: row.escalated_to,
    ...(row.department ? { department: row.department } : {}),
    ...(row.kind === 'objection-review'
      ? { noticeEndsAt: row.notice_ends_at?.toISOString() ?? null }
      : {}),
    status: row.status,
    openedAt: row.opened_at.toISOString(),
  };
}
