import { z } from '../forms/zod';

import { CaseStages, type CaseStage } from '../case';
import type { TaskKind } from '../forms/task-forms';
import { TaskKinds } from '../tasks';
import { count, instant, view } from './fields';
import { PolicyYearLineView } from './policy';
import {
  Departments,
  EntryChannels,
  HouseholdClasses,
  NationalEntryPaths,
  ReliefKinds,
  Roles,
  StaffRoles,
} from '../codes';

const stage = z.enum(Object.values(CaseStages) as [CaseStage, ...CaseStage[]]);
const taskKind = z.enum(TaskKinds as [TaskKind, ...TaskKind[]]);

/** Division codes of a household: 6-digit county, 9-digit township, 12-digit village. */
export const DivisionCodes = view('DivisionCodes', {
  countyCode: z.string(),
  townshipCode: z.string(),
  villageCode: z.string(),
});
export type DivisionCodes = z.infer<typeof DivisionCodes>;

/** A policy deadline: working days of the official calendar, calendar days, or a duration. */
export const DeadlineSpec = z
  .union([
    view({ workingDays: count }),
    view({ calendarDays: count }),
    view({ duration: z.string().meta({ examples: ['5s'] }) }),
  ])
  .meta({ id: 'DeadlineSpec' });
/**
 * A deadline as a policy states it: working days of the official calendar (weekends, holidays and
 * make-up working days as published), calendar days, or a Temporal duration string ('5s', for
 * tests and demonstrations).
 */
export type DeadlineSpec = z.infer<typeof DeadlineSpec>;

/** What a due date was counted from, so that it can be counted again on a newer calendar. */
export const DueBasis = view('DueBasis', { from: instant, spec: DeadlineSpec });
export type DueBasis = z.infer<typeof DueBasis>;

/** An open human task in a case. */
export const OpenTask = view('OpenTask', {
  taskId: z.string().meta({ examples: ['village-verification-1'] }),
  kind: taskKind,
  awaitingRole: z.enum(StaffRoles),
  dueAt: instant.nullable().meta({
    description: 'After this instant the task is overdue; null when it has none',
  }),
  dueProvisional: z.literal(true).optional().meta({
    description:
      'Counted on weekdays only: a year it reaches has no official arrangement (放假调休) yet; recounted when it is entered',
  }),
  dueBasis: DueBasis.optional().meta({
    description: "What the due date was counted from (absent for a measure's fixed date)",
  }),
  escalatedTo: z.enum(Roles).optional().meta({
    description: 'Once overdue: the role of the level above that now chases it',
  }),
  measureId: z
    .string()
    .optional()
    .meta({ description: 'Assistance measures and responsible units’ parts: the measure' }),
  measureCode: z.string().optional().meta({
    description: 'Assistance measures: what is done (its facts are checked against it)',
  }),
  department: z.enum(Departments).optional().meta({
    description: 'Its lead department; for a responsible unit’s part, that department',
  }),
  progress: z.int().min(0).max(100).optional().meta({ description: 'Percent reported so far' }),
});
export type OpenTask = z.infer<typeof OpenTask>;

/** One step of a case's history: codes and account ids only. */
export const TimelineEntry = view('TimelineEntry', {
  at: instant.meta({ description: 'Workflow time' }),
  stage,
  event: z.string().meta({
    description:
      'What happened: `entered`, `task-opened`, `task-completed`, `overdue`, `objection`, `sent-back`…',
  }),
  taskId: z.string().optional(),
  by: z.string().optional().meta({ description: 'Account id of the actor, when a person acted' }),
  code: z.string().optional().meta({ description: 'A reason or outcome code' }),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** Emergency relief granted to the household (急难社会救助): codes, an amount and a day. */
export const ReliefEntry = view('ReliefEntry', {
  reliefId: z.string(),
  kind: z.enum(ReliefKinds),
  amount: z.number().meta({ description: 'Yuan' }),
  grantedOn: z.string().meta({ format: 'date' }),
  reasonCode: z.string(),
  by: z.string().meta({ description: 'Account id of who recorded it' }),
});
export type ReliefEntry = z.infer<typeof ReliefEntry>;

const caseSummaryShape = {
  caseId: z.string().meta({ examples: ['case-hh0123456789abcdef0123456789abcdef'] }),
  runId: z.string(),
  householdKey: z.string(),
  divisions: DivisionCodes,
  channel: z.enum(EntryChannels),
  policyVersion: z.string(),
  stage,
  openTask: OpenTask.nullable().meta({ description: "The stage's own task, or null" }),
  openTasks: z.array(OpenTask).meta({
    description:
      "Every open task: the stage's, objection reviews during a public notice, assistance measures",
  }),
  stageDeadline: instant.nullable().meta({
    description:
      "When the stage is due to end: its task's due date, the notice's end, the report cut-off the case waits for, the next follow-up visit; null when nothing is due",
  }),
  noticeEndsAt: instant.nullable().meta({
    description: 'While a public notice (公示) runs: when it ends; else null',
  }),
  alertIds: z.array(z.string()),
  completedTaskIds: z.array(z.string()),
  objectionIds: z.array(z.string()).meta({
    description: 'Objections lodged during public notices of this monitoring period',
  }),
  nationalEntryId: z.string().nullable().meta({
    description: 'The national record number (监测对象编号) of the household, once entered',
  }),
  nationalEntryPath: z.enum(NationalEntryPaths).optional().meta({
    description:
      'How the case is entered into the national system: `adapter` (automatic) or `township` (keyed in by the township); absent until its inclusion is entered',
  }),
  householdClass: z.enum(HouseholdClasses).nullable().optional().meta({
    description: 'The class the city gave the household, once included',
  }),
  visits: count.optional().meta({ description: 'Follow-up visits made in this monitoring period' }),
  reliefs: z.array(ReliefEntry).optional().meta({
    description:
      'Emergency relief granted while identification went on (突发严重困难户): present once any was',
  }),
  fastTrack: z.boolean().optional().meta({
    description:
      'The city bureau took the case ahead of the half-monthly cut-off (快速认定): present once it did',
  }),
  yearLines: z.array(PolicyYearLineView).optional().meta({
    description:
      'The published income lines the case keeps, a year each: figures of a year are judged against its line (or the latest before it) until the city bureau moves the case',
  }),
  timeline: z.array(TimelineEntry).meta({ description: 'What happened, in order' }),
};

/**
 * What a case reports about itself through the workflow's `summary` query (the API adds to it: it
 * is no component of the document itself).
 */
export const CaseSummary = view(caseSummaryShape);
export type CaseSummary = z.infer<typeof CaseSummary>;

/** The case as the API shows it: the workflow's summary, and the report cut-off it answers to. */
export const CaseSummaryView = view({
  ...caseSummaryShape,
  nextReportCutoff: instant.meta({
    description:
      'The half-monthly report cut-off the case answers to (15th or month end, end of day Asia/Shanghai): at AWAITING_REPORT the one it waits for (its stageDeadline), else the next one',
  }),
}).meta({ id: 'CaseSummaryView', title: 'A household case' });
export type CaseSummaryView = z.infer<typeof CaseSummaryView>;

/** A completed task: the stage the case moves to. */
export const TaskCompletionAnswer = view('TaskCompletion', {
  taskId: z.string(),
  kind: taskKind,
  stage: stage.meta({ description: 'The stage the case moved to' }),
});
export type TaskCompletionAnswer = z.infer<typeof TaskCompletionAnswer>;

/** A lodged objection (公示异议) and the township review task it became. */
export const ObjectionLodgingResult = view('ObjectionLodging', {
  objectionId: z.string(),
  taskId: z.string().meta({ description: 'The objection-review task it became' }),
});
export type ObjectionLodgingResult = z.infer<typeof ObjectionLodgingResult>;

/** Emergency relief recorded (or recorded before with this id): the case's reliefs so far. */
export const ReliefGrantResult = view('ReliefGrant', {
  reliefId: z.string(),
  stage: stage.meta({ description: 'The stage the case is at: identification goes on' }),
  reliefs: z.array(ReliefEntry),
});
export type ReliefGrantResult = z.infer<typeof ReliefGrantResult>;

/** A plan's appraisal as the case took it. */
export const PlanAppraisalResult = view({
  planNo: z.int(),
  outcome: z.enum(['approved', 'rejected']),
  stage: stage.meta({
    description: 'Where the case stands: a rejection has the city review the plan',
  }),
  noticeEndsAt: z.string().nullable().meta({
    description: 'When the notice of the approved plan’s measures ends; null when rejected',
  }),
});
export type PlanAppraisalResult = z.infer<typeof PlanAppraisalResult>;

/** A case the city bureau took ahead of the cut-off, and the stage it is at. */
export const FastTrackResult = view('FastTrack', {
  stage: stage.meta({
    description:
      'CITY_DETERMINATION when the case was waiting for the cut-off; an earlier stage goes straight to the city once the township confirms',
  }),
});
export type FastTrackResult = z.infer<typeof FastTrackResult>;

/** A rolled-back risk-eliminated mark (风险消除回退): the stage monitoring resumes at. */
export const EliminationRollbackResult = view('EliminationRollback', {
  rollbackId: z.string(),
  stage,
});
export type EliminationRollbackResult = z.infer<typeof EliminationRollbackResult>;

/** What a public notice (公示) shows on the village board: never an ID number or phone. */
export const PublicNotice = view('PublicNotice', {
  caseId: z.string(),
  village: z.string().meta({ examples: ['西大川村'] }),
  township: z.string().meta({ examples: ['桦树镇'] }),
  headName: z.string().meta({ description: 'Head of household' }),
  triggers: z.array(z.int()).meta({ description: 'Screening triggers of plan §4.1 reported' }),
  householdClass: z.enum(HouseholdClasses).nullable(),
});
export type PublicNotice = z.infer<typeof PublicNotice>;
