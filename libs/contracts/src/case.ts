import type { Department, Role } from './access';
import type { DueBasis } from './activities';
import type { TaskKind } from './forms/task-forms';
import {
  DefaultMonitoringPolicy,
  DefaultStepDeadlines,
  type MonitoringPolicy,
  type StepDeadlines,
} from './tasks';

/** Ways a household reaches the system (plan §4.2). */
export const EntryChannels = ['self-declaration', 'cadre-screening', 'bureau-alert'] as const;
export type EntryChannel = (typeof EntryChannels)[number];

/** The nine sector bureaus (行业部门) that send risk alerts. */
export const SectorBureaus = [
  'education',
  'housing',
  'health',
  'medical-insurance',
  'water',
  'civil-affairs',
  'agriculture',
  'emergency-management',
  'disabled-persons-federation',
] as const;
export type SectorBureau = (typeof SectorBureaus)[number];

/** Monitoring classes (§3): 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户. */
export const HouseholdClasses = ['unstable-out-of-poverty', 'marginal', 'sudden-hardship'] as const;
export type HouseholdClass = (typeof HouseholdClasses)[number];

/** Roles that a task can wait for. */
export const StaffRoles = [
  'village-cadre',
  'village-committee',
  'township-officer',
  'city-bureau',
  'lead-department',
] as const;
export type StaffRole = (typeof StaffRoles)[number];

/** Stages of a household case, as shown in the `CaseStage` search attribute. */
export const CaseStages = {
  intake: 'INTAKE',
  villageVerification: 'VILLAGE_VERIFICATION',
  democraticAppraisal: 'DEMOCRATIC_APPRAISAL',
  publicNotice: 'PUBLIC_NOTICE',
  townshipVerification: 'TOWNSHIP_VERIFICATION',
  awaitingReport: 'AWAITING_REPORT',
  cityDetermination: 'CITY_DETERMINATION',
  nationalEntry: 'NATIONAL_ENTRY',
  assistancePlanning: 'ASSISTANCE_PLANNING',
  included: 'INCLUDED',
  excluded: 'EXCLUDED',
  /** Included, assisted and visited on a cycle (policies with monitoring). */
  monitoring: 'MONITORING',
  eliminationAppraisal: 'ELIMINATION_APPRAISAL',
  eliminationNotice: 'ELIMINATION_NOTICE',
  eliminationTownship: 'ELIMINATION_TOWNSHIP',
  eliminationCity: 'ELIMINATION_CITY',
  /** Marked 风险消除: monitoring stops; the mark may still be rolled back for a while. */
  riskEliminated: 'RISK_ELIMINATED',
} as const;
export type CaseStage = (typeof CaseStages)[keyof typeof CaseStages];

/** Division codes of a household: 6-digit county, 9-digit township, 12-digit village. */
export interface DivisionCodes {
  countyCode: string;
  townshipCode: string;
  villageCode: string;
}

/** A risk alert or declaration attached to a case. Codes only: no personal data. */
export interface AlertRef {
  /** Stable id of the alert at its source, unique per source. */
  alertId: string;
  /** A sector bureau, or the channel for declarations and screenings. */
  source: SectorBureau | 'self-declaration' | 'cadre-screening';
  /** Screening triggers of plan §4.1, numbered 1–7. */
  triggers: number[];
}

/** Input of the household-case workflow. Holds no personal data: the household is a keyed hash. */
export interface HouseholdCaseInput {
  householdKey: string;
  divisions: DivisionCodes;
  channel: EntryChannel;
  /** The policy version the case is decided under (durations and rules). */
  policy: CasePolicy;
  /** When the alert or declaration that opened the case was received: deadlines count from it. */
  receivedAt?: string;
  /** Set by the workflow itself when a run continues as new in the same monitoring period. */
  resume?: MonitoringResume;
  /** Alerts that opened a new monitoring period of the same household (set by the workflow). */
  carriedAlertIds?: string[];
}

/** What a monitoring run hands to the next one when it continues as new (ids and codes only). */
export interface MonitoringResume {
  /** The run id of the period's first run: the case's key in PostgreSQL. */
  periodRunId: string;
  householdClass: HouseholdClass;
  nationalEntryId: string | null;
  alertIds: string[];
  /** Tasks handled so far: a repeated completion of one is still refused as done. */
  completedTaskIds: string[];
  objectionIds: string[];
  /** Open assistance measures, with their progress and escalation. */
  measures: OpenTask[];
  /** Follow-up visits and elimination proposals so far (task numbering goes on from them). */
  visits: number;
  eliminationRounds: number;
  plans: number;
  /** When the next follow-up visit opens (ISO). */
  nextVisitAt: string;
}

/**
 * A deadline as a policy states it: working days of the official calendar (weekends, holidays and
 * make-up working days as published), calendar days, or a Temporal duration string ('5s', for
 * tests and demonstrations).
 */
export type DeadlineSpec =
  { workingDays: number } | { calendarDays: number } | { duration: string };

/** Durations and rules a case is pinned to, so that a policy change never rewrites a running case. */
export interface CasePolicy {
  version: string;
  deadlines: {
    /** Whole identification (识别认定), from intake to the city's determination: 20 working days. */
    identification: DeadlineSpec;
  };
  /** The deadlines of the village, appraisal, notice, township and national-entry steps (§4.3). */
  steps: StepDeadlines;
  /** Monitoring, assistance and risk elimination after inclusion (§4.3 step 4, §4.4, §5). */
  monitoring: MonitoringPolicy;
}

export const DefaultCasePolicy: CasePolicy = {
  version: '2021-linjiang-v4',
  deadlines: { identification: { workingDays: 20 } },
  steps: DefaultStepDeadlines,
  monitoring: DefaultMonitoringPolicy,
};

/** An open human task in a case. */
export interface OpenTask {
  taskId: string;
  kind: TaskKind;
  awaitingRole: StaffRole;
  /** ISO instant after which the task is overdue; null when it has none. */
  dueAt: string | null;
  /**
   * Set when the due date was counted on weekdays only, a year it reaches having no official
   * arrangement yet: it is recounted when the arrangement is entered.
   */
  dueProvisional?: true;
  /** What the due date was counted from (absent for a measure's fixed date). */
  dueBasis?: DueBasis;
  /** Once overdue: the role of the level above that now chases it. */
  escalatedTo?: Role;
  /** Assistance measures: the measure, its lead department, and the progress so far (percent). */
  measureId?: string;
  department?: Department;
  progress?: number;
}

/** What a case reports about itself through the `summary` query. */
export interface CaseSummary {
  caseId: string;
  runId: string;
  householdKey: string;
  divisions: DivisionCodes;
  channel: EntryChannel;
  policyVersion: string;
  stage: CaseStage;
  /** The stage's own task (the first of openTasks), or null. */
  openTask: OpenTask | null;
  /** Every open task: the stage's, objection reviews during a public notice, assistance measures. */
  openTasks: OpenTask[];
  /**
   * When the stage is due to end (ISO): its task's due date, the notice's end, the report cut-off
   * the case waits for, the next follow-up visit; null when nothing is due.
   */
  stageDeadline: string | null;
  /** While a public notice (公示) runs: when it ends (ISO); else null. */
  noticeEndsAt: string | null;
  alertIds: string[];
  completedTaskIds: string[];
  /** Objections lodged during public notices of this monitoring period. */
  objectionIds: string[];
  nationalEntryId: string | null;
  /** The class the city gave the household, once included. */
  householdClass?: HouseholdClass | null;
  /** Follow-up visits made in this monitoring period. */
  visits?: number;
  /** What happened, in order: codes and account ids only. */
  timeline: TimelineEntry[];
}

export interface TimelineEntry {
  /** ISO instant (workflow time). */
  at: string;
  stage: CaseStage;
  /** What happened: `entered`, `task-opened`, `task-completed`, `overdue`, `objection`, `sent-back`. */
  event: string;
  taskId?: string;
  /** Account id of the actor, when a person acted. */
  by?: string;
  /** A reason or outcome code. */
  code?: string;
}

export interface HouseholdCaseResult {
  caseId: string;
  stage: CaseStage;
  nationalEntryId: string | null;
}

/** A household key: `hh` and 32 hex digits of a keyed hash (no personal data). */
export const HouseholdKeyPattern = /^hh[0-9a-f]{32}$/;

/** A code as staff and integrations send them: alert ids, reason codes, account ids in history. */
export const CodePattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Workflow id of the (single open) case of a household. */
export function caseWorkflowId(householdKey: string): string {
  return `case-${householdKey}`;
}

/** The household key of a case's workflow id (the inverse of caseWorkflowId). */
export function householdKeyOfCase(caseId: string): string {
  return caseId.slice('case-'.length);
}
