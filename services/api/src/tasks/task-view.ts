import type { TaskView } from '@fanpin/contracts';
import type { InboxTaskRow } from '@fanpin/persistence';
import type { WorkingDayCalendar } from '@fanpin/platform';

/** How the inbox shows the task's household to the caller (see headDisplay). */
export type HeadDisplay = Pick<TaskView, 'householdName' | 'residentIdMasked'>;

/** A task as the inbox shows it at `now`: how long it has, and whether it is late. */
export function taskView(
  row: InboxTaskRow,
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
