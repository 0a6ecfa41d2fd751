import { z } from '../forms/zod';

import { CaseStages, type CaseStage } from '../case';
import { type TaskKind } from '../forms/task-forms';
import { MeasureFacts } from '../forms/measure-facts';
import { TaskKinds } from '../tasks';
import { afterCursor, instant, residentIdMasked, view } from './fields';
import { MeasureKinds, Roles, TaskStatuses } from '../codes';

/** The measure a task belongs to, as its department needs it: codes, a date and its facts. */
export const TaskMeasure = view('TaskMeasure', {
  measureId: z.string(),
  kind: z.enum(MeasureKinds),
  measureCode: z.string(),
  leadDepartment: z.string(),
  dueOn: z.string(),
  facts: MeasureFacts.nullable(),
});
export type TaskMeasure = z.infer<typeof TaskMeasure>;

/** A task of the inbox (待办): codes only, no personal data. */
export const TaskView = view('InboxTask', {
  caseId: z.string(),
  taskId: z.string(),
  kind: z.enum(TaskKinds as [TaskKind, ...TaskKind[]]),
  role: z.enum(Roles).meta({ description: 'The role that completes it' }),
  villageCode: z.string(),
  townshipCode: z.string(),
  dueAt: instant.nullable().meta({
    description: 'After this instant the task is overdue; null when it has none',
  }),
  dueProvisional: z.boolean().meta({
    description:
      'Counted on weekdays only: a year it reaches has no official arrangement (放假调休) yet; recounted when it is entered',
  }),
  workingDaysLeft: z.int().nullable().meta({
    description:
      'Working days of the official calendar from today (Asia/Shanghai) to the day it is due, that day counted (weekdays in a year without arrangement); 0 when due today or overdue; null without a due date',
  }),
  overdue: z.boolean().meta({ description: 'Open and past its due date' }),
  escalatedTo: z.enum(Roles).nullable().meta({ description: 'Once overdue: the level above' }),
  department: z.string().optional().meta({
    description:
      'Assistance measures: the lead department; a responsible unit’s part: that department',
  }),
  measure: TaskMeasure.optional().meta({
    description:
      'Assistance measures and responsible units’ parts: the measure to deliver (the village is `villageCode`)',
  }),
  noticeEndsAt: instant.nullable().optional().meta({
    description: 'Objection reviews: when the public notice (公示) they belong to ends',
  }),
  status: z.enum(TaskStatuses),
  openedAt: instant,
  stage: z
    .enum(Object.values(CaseStages) as [CaseStage, ...CaseStage[]])
    .nullable()
    .meta({ description: "The case's stage now (null while the case is being opened)" }),
  householdName: z.string().optional().meta({
    description: 'Head of household: only for roles that may read households (not departments)',
  }),
  residentIdMasked,
});
export type TaskView = z.infer<typeof TaskView>;

/** A page of the inbox, oldest due first; tasks without a due date last. */
export const TaskPage = view('InboxPage', {
  tasks: z.array(TaskView),
  next: afterCursor,
  nextReportCutoff: instant.meta({
    description:
      'The next half-monthly report cut-off (15th or month end, end of day Asia/Shanghai): the day township-verified cases go to the city',
  }),
});
export type TaskPage = z.infer<typeof TaskPage>;
