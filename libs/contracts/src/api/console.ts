import { z } from '../forms/zod';

import { CaseStages, type CaseStage } from '../case';
import type { TaskKind } from '../forms/task-forms';
import { ResponsibleUnits } from '../forms/task-forms';
import { MeasureFacts } from '../forms/measure-facts';
import { TaskKinds } from '../tasks';
import { afterCursor, count, instant, pageAfter, residentIdMasked, view } from './fields';
import { Departments, EntryChannels, HouseholdClasses, MeasureKinds, Roles } from '../codes';

/**
 * What the staff console reads: case files, registers, measures, village notices and the
 * supervisors' figures. Names only for roles that may read households; resident IDs always masked;
 * never a phone, an illness, a disability or a figure of a household's means in a list.
 */

const stage = z.enum(Object.values(CaseStages) as [CaseStage, ...CaseStage[]]);
const taskKind = z.enum(TaskKinds as [TaskKind, ...TaskKind[]]);
const caseStatus = z.enum(['open', 'included', 'excluded', 'risk-eliminated']);
const headName = z.string().optional().meta({
  description: 'Head of household: only for roles that may read households',
});

/** One step of a case file's history (PostgreSQL's case history and the alerts received). */
export const CaseHistoryEntry = view('CaseHistoryEntry', {
  at: instant,
  kind: z.string().meta({
    description:
      'alert, opened, a task kind (a decision), objection, public-notice, report, assistance-measure (progress), elimination, elimination-rollback, emergency-relief, fast-track',
  }),
  stepId: z.string().meta({ description: 'The step (a task id), or the alert id' }),
  by: z
    .string()
    .meta({ description: 'Account id of the actor, `system:…`, or the sending bureau' }),
  byRole: z.enum(Roles).nullable().meta({ description: "The actor's role, when an account acted" }),
  stageAfter: stage
    .nullable()
    .meta({ description: 'The stage this step moved the case to, if any' }),
  outcome: z.string().optional().meta({ description: 'A decision’s outcome or result code' }),
  reasonCode: z.string().optional(),
  householdClass: z.enum(HouseholdClasses).optional(),
  riskTypes: z.array(z.string()).optional(),
  triggers: z.array(z.int()).optional().meta({ description: 'Screening triggers (plan §4.1)' }),
  objectionId: z.string().optional(),
  groundsCode: z.string().optional(),
  upheld: z.boolean().optional(),
  measureId: z.string().optional(),
  percent: z.int().min(0).max(100).optional(),
  date: z
    .string()
    .optional()
    .meta({ description: 'The day a meeting was held, a visit made or relief granted' }),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntry>;

export const CaseHistoryPage = view('CaseHistoryPage', {
  caseId: z.string(),
  entries: z.array(CaseHistoryEntry).meta({ description: 'Oldest first' }),
  next: afterCursor,
});
export type CaseHistoryPage = z.infer<typeof CaseHistoryPage>;

/** A task the case waits for, as the file's header shows it. */
export const AwaitedTask = view('AwaitedTask', {
  taskId: z.string(),
  kind: taskKind,
  role: z.enum(Roles),
  dueAt: instant.nullable(),
  overdue: z.boolean(),
  escalatedTo: z.enum(Roles).nullable(),
});

/** Which measure it is, as the case file and the departments' lists name it. */
const measureNamed = {
  measureId: z.string(),
  kind: z.enum(MeasureKinds),
  measureCode: z.string(),
  leadDepartment: z.enum(Departments),
};

/** How far a measure has come. */
const measureProgress = {
  status: z.enum(['open', 'done', 'cancelled']),
  percent: z.int().min(0).max(100),
  overdue: z.boolean(),
};

/** An assistance measure of the case, with its progress. */
export const CaseMeasure = view('CaseMeasure', {
  ...measureNamed,
  responsibleDepartments: z.array(z.enum(ResponsibleUnits)),
  dueOn: z.string(),
  ...measureProgress,
  facts: MeasureFacts.nullable().meta({
    description: 'What it gives the household, as last stated by the plan or a report',
  }),
});
export type CaseMeasure = z.infer<typeof CaseMeasure>;

/** A step of the determination's evidence, as its form was filled in (figures included). */
export const EvidenceStep = view('EvidenceStep', {
  stepId: z.string(),
  kind: z.string(),
  at: instant,
  by: z.string(),
  form: z.record(z.string(), z.unknown()).meta({
    description:
      'What the step recorded: a verification’s figures and assurances, an appraisal’s result, an objection and its review, the township’s visit',
  }),
});

/** The header of a case file: who, where, how far, who is awaited, and the measures. */
export const CaseFileView = view('CaseFile', {
  caseId: z.string(),
  workflowId: z.string().meta({ description: 'The Temporal workflow id (for the Web UI)' }),
  runId: z.string().meta({ description: 'The monitoring period’s first run' }),
  householdKey: z.string(),
  headName,
  residentIdMasked,
  villageCode: z.string(),
  village: z.string().meta({ examples: ['西大川村'] }),
  townshipCode: z.string(),
  township: z.string(),
  channel: z.enum(EntryChannels),
  status: caseStatus,
  stage: stage.nullable(),
  stageSince: instant.nullable(),
  householdClass: z.enum(HouseholdClasses).nullable(),
  riskTypes: z.array(z.string()),
  openedAt: instant,
  decidedAt: instant.nullable(),
  awaiting: z.array(AwaitedTask).meta({ description: 'Open tasks, oldest due first' }),
  nationalRecord: view({
    recordId: z.string().meta({ description: 'The national record number (监测对象编号)' }),
    keyedBy: z.enum(['adapter', 'city', 'township']).meta({
      description:
        'Who entered it: the adapter (automatic), the city bureau after a refusal, or the township by hand',
    }),
    keyedOn: z
      .string()
      .nullable()
      .meta({ format: 'date', description: 'The day keyed in by hand' }),
    enteredAt: instant,
  })
    .nullable()
    .meta({
      description: 'Its entry in the national system (全国防返贫监测信息系统); null until entered',
    }),
  measures: z.array(CaseMeasure),
  evidence: z.array(EvidenceStep).nullable().meta({
    description:
      'For the city bureau only (null for others): the evidence of the determination, in order',
  }),
});
export type CaseFileView = z.infer<typeof CaseFileView>;

/** A monitored household of the register (监测对象台账). */
export const RegisterEntry = view('RegisterEntry', {
  caseId: z.string(),
  householdKey: z.string(),
  headName,
  residentIdMasked,
  villageCode: z.string(),
  townshipCode: z.string(),
  status: z.enum(['included', 'risk-eliminated']),
  householdClass: z.enum(HouseholdClasses).nullable(),
  riskTypes: z.array(z.string()),
  stage: stage.nullable(),
  includedAt: instant.nullable(),
  nextVisitAt: instant.nullable().meta({
    description:
      'When the next follow-up visit is due: an open visit’s due date, else the last visit (or the plan) and the policy interval; null once the risk is eliminated',
  }),
});
export type RegisterEntry = z.infer<typeof RegisterEntry>;

export const RegisterPage = pageAfter('households', RegisterEntry, 'By village, then case').meta({
  id: 'RegisterPage',
});
export type RegisterPage = z.infer<typeof RegisterPage>;

/** A measure as a department's list shows it. */
export const MeasureListEntry = view('MeasureListEntry', {
  caseId: z.string(),
  ...measureNamed,
  dueOn: z.string(),
  dueAt: instant,
  ...measureProgress,
  facts: MeasureFacts.nullable(),
  villageCode: z.string(),
  townshipCode: z.string(),
  headName,
  residentIdMasked,
});
export type MeasureListEntry = z.infer<typeof MeasureListEntry>;

export const MeasurePage = pageAfter('measures', MeasureListEntry, 'Oldest due first').meta({
  id: 'MeasurePage',
});
export type MeasurePage = z.infer<typeof MeasurePage>;

/** A household on a village's public notice board (公示): never an ID number, phone or illness. */
export const VillageNoticeEntry = view('VillageNoticeEntry', {
  caseId: z.string(),
  headName: z.string(),
  villageGroup: z
    .string()
    .nullable()
    .meta({ description: 'The village group (村民小组), if kept' }),
  proposal: z.enum(['inclusion', 'elimination']),
  householdClass: z.enum(HouseholdClasses).nullable(),
  noticeStartsAt: instant,
  noticeEndsAt: instant,
});

export const VillageNotice = view('VillageNotice', {
  villageCode: z.string(),
  village: z.string(),
  township: z.string(),
  purpose: z.enum(['inclusion', 'elimination']),
  objectTo: z.string().meta({
    description: 'Where to object: the village committee and the township government',
  }),
  households: z.array(VillageNoticeEntry),
});
export type VillageNotice = z.infer<typeof VillageNotice>;

/** A city decision the village committee announces (公告). */
export const AnnouncementEntry = view('AnnouncementEntry', {
  caseId: z.string(),
  headName: z.string(),
  decision: z.enum(['included', 'risk-eliminated']),
  householdClass: z.enum(HouseholdClasses).nullable(),
  decidedAt: instant,
});

export const VillageAnnouncement = view('VillageAnnouncement', {
  villageCode: z.string(),
  village: z.string(),
  township: z.string(),
  decisions: z.array(AnnouncementEntry).meta({ description: 'Newest first' }),
  next: afterCursor,
});
export type VillageAnnouncement = z.infer<typeof VillageAnnouncement>;

const countOf = <K extends string, T extends z.ZodType>(key: K, of: T) =>
  view({ [key]: of, count } as { [P in K]: T } & { count: typeof count });

/** A supervisor's figures over the city (or the city bureau's). */
export const DashboardView = view('Dashboard', {
  at: instant,
  temporalUi: view({
    url: z.string().meta({
      description: 'The Temporal Web UI (setting TEMPORAL_UI_URL)',
      examples: ['http://127.0.0.1:8233'],
    }),
    namespace: z.string().meta({ description: 'The cases’ namespace (TEMPORAL_NAMESPACE)' }),
  }).meta({
    description:
      'Where a case’s workflow is shown: `{url}/namespaces/{namespace}/workflows/{workflowId}/{runId}/history`',
  }),
  casesByTownshipStage: z.array(
    view({ townshipCode: z.string(), stage: stage.nullable(), open: count, overdue: count }),
  ),
  overdueTasksByLevel: z.array(
    view({ level: z.enum(['village', 'township', 'city', 'department']), count }),
  ),
  casesByHouseholdClass: z.array(countOf('householdClass', z.enum(HouseholdClasses))),
  casesByRiskType: z.array(countOf('riskType', z.string())),
  overdueCases: z
    .array(
      view({
        caseId: z.string(),
        workflowId: z.string(),
        runId: z.string(),
        townshipCode: z.string(),
        stage: stage.nullable(),
        oldestDueAt: instant,
      }),
    )
    .meta({ description: 'Overdue cases, longest overdue first (at most 200)' }),
});
export type DashboardView = z.infer<typeof DashboardView>;
