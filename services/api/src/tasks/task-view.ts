import type { CaseStage, Role, TaskKind, TaskStatus, TaskView } from '@fanpin/contracts';
import type { WorkingDayCalendar } from '@fanpin/platform';

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
}

/** How the inbox shows the task's household to the caller (see headDisplay). */
export type HeadDisplay = Pick<TaskView, 'householdName' | 'residentIdMasked'>;

/** A task as the inbox shows it at `now`: how long it has, and whether it is late. */
export function taskView(
  row: TaskRow,
  now: Date,
  calendar: WorkingDayCalendar,
  head: HeadDisplay,
): TaskView {
  return {
    caseId: row.case_id,
    taskId: row.task_id,
    kind: row.kind,
    role: row.role,
    villageCode: row.village_code,
    townshipCode: row.township_code,
    dueAt: row.due_at?.toISOString() ?? null,
    dueProvisional: row.due_provisional,
    workingDaysLeft: row.due_at === null ? null : calendar.workingDaysBetween(now, row.due_at),
    overdue: row.status === 'open' && row.due_at !== null && row.due_at < now,
    escalatedTo: row.escalated_to,
    ...(row.department ? { department: row.department } : {}),
    ...(row.kind === 'objection-review'
      ? { noticeEndsAt: row.notice_ends_at?.toISOString() ?? null }
      : {}),
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    stage: row.stage,
    ...(head.householdName === undefined ? {} : { householdName: head.householdName }),
    residentIdMasked: head.residentIdMasked,
  };
}
