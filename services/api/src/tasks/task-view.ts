import type { MeasureFacts, TaskMeasure, TaskView } from '@fanpin/contracts';
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
    ...measureOf(row),
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

/**
 * The measure a task belongs to, as its department must deliver it: kind, code, due day and facts
 * (codes and yuan); the household's village is the task's own. Nothing more of the household.
 */
function measureOf(row: InboxTaskRow): { measure?: TaskMeasure } {
  if (!row.measure_id || !row.measure_kind || !row.measure_code || !row.measure_due_on) return {};
  return {
    measure: {
      measureId: row.measure_id,
      kind: row.measure_kind as TaskMeasure['kind'],
      measureCode: row.measure_code,
      leadDepartment: row.measure_lead ?? '',
      dueOn: row.measure_due_on,
      facts: (row.measure_facts as MeasureFacts | null) ?? null,
    },
  };
}
