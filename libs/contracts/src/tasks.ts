import type { Actor, Department, Role } from './access';
import type { CaseStage, DeadlineSpec, DivisionCodes } from './case';

/**
 * The human steps of identification (plan §4.3), each a task that one role completes through the
 * API. The city determination keeps its own Update (`determine`); these go through `completeTask`.
 */
export const TaskKinds = [
  'village-verification',
  'democratic-appraisal',
  'objection-review',
  'township-verification',
  'city-determination',
  'manual-national-entry',
  'assistance-plan',
  'assistance-measure',
  'follow-up-visit',
  'elimination-appraisal',
  'elimination-township',
  'elimination-city',
] as const;
export type TaskKind = (typeof TaskKinds)[number];

/** Who completes each kind of task, and who is told when it is overdue (the level above). */
export const TaskRoles: Record<TaskKind, { role: Role; escalateTo: Role }> = {
  'village-verification': { role: 'village-cadre', escalateTo: 'township-officer' },
  'democratic-appraisal': { role: 'village-committee', escalateTo: 'township-officer' },
  'objection-review': { role: 'township-officer', escalateTo: 'city-bureau' },
  'township-verification': { role: 'township-officer', escalateTo: 'city-bureau' },
  'city-determination': { role: 'city-bureau', escalateTo: 'supervisor' },
  'manual-national-entry': { role: 'city-bureau', escalateTo: 'supervisor' },
  'assistance-plan': { role: 'city-bureau', escalateTo: 'supervisor' },
  'assistance-measure': { role: 'lead-department', escalateTo: 'city-bureau' },
  'follow-up-visit': { role: 'village-cadre', escalateTo: 'township-officer' },
  'elimination-appraisal': { role: 'village-committee', escalateTo: 'township-officer' },
  'elimination-township': { role: 'township-officer', escalateTo: 'city-bureau' },
  'elimination-city': { role: 'city-bureau', escalateTo: 'supervisor' },
};

/** 两不愁三保障 and safe drinking water, as a home visit finds them: true = secured. */
export interface Assurances {
  food: boolean;
  clothing: boolean;
  compulsoryEducation: boolean;
  basicMedical: boolean;
  safeHousing: boolean;
  safeDrinkingWater: boolean;
}

export const LabourCapacities = ['full', 'partial', 'none'] as const;
export type LabourCapacity = (typeof LabourCapacities)[number];

/** Village verification (村级核实): the cadres' home visit, and the household's signed commitment. */
export interface VillageVerificationBody {
  /** `nominate` proposes the household for monitoring; `not-at-risk` closes the case. */
  outcome: 'nominate' | 'not-at-risk';
  /** Yuan per person per year, this year's estimate. */
  incomePerCapita: number;
  /** Yuan per person per year last year. */
  lastYearIncomePerCapita: number;
  /** Yuan per year for the household: illness, disability, disaster, education. */
  rigidExpenses: number;
  assurances: Assurances;
  labourCapacity: LabourCapacity;
  /** Screening triggers of plan §4.1 (1–7) that apply. */
  triggers: number[];
  /** 承诺授权书: signed by the household. Required to nominate. */
  commitmentSigned: boolean;
  /** YYYY-MM-DD, when signed. */
  commitmentSignedOn?: string;
  /** When not at risk: the reason code fed back to the origin. */
  reasonCode?: string;
}

/** Democratic appraisal (民主评议) by the village committee. */
export interface DemocraticAppraisalBody {
  outcome: 'approved' | 'rejected';
  /** YYYY-MM-DD of the meeting. */
  heldOn: string;
  reasonCode?: string;
}

/** An objection lodged during the public notice, recorded by village or township staff. */
export interface ObjectionInput {
  /** Chosen by the caller; lodging the same id twice changes nothing. */
  objectionId: string;
  /** A code for the grounds (e.g. INCOME_UNDERSTATED); no personal data. */
  groundsCode: string;
}

/** The township's review of an objection: upheld sends the case back to village verification. */
export interface ObjectionReviewBody {
  upheld: boolean;
  reasonCode: string;
}

/** Township re-verification (乡镇复核): home visit, risk types, entry in the township ledger. */
export interface TownshipVerificationBody {
  outcome: 'confirm' | 'reject';
  /** YYYY-MM-DD of the home visit. */
  visitedOn: string;
  /** Risk type codes (e.g. ILLNESS, DISABILITY, DISASTER, EDUCATION, ACCIDENT, INCOME_DROP). */
  riskTypes: string[];
  /** The entry number in the township ledger (台账). */
  ledgerEntry: string;
  reasonCode?: string;
}

/**
 * The national system refused the entry for good: the city bureau enters the household by hand and
 * records the national entry id it was given.
 */
export interface ManualNationalEntryBody {
  /** The monitoring-object id the national system shows (a code). */
  entryId: string;
  /** YYYY-MM-DD of the manual entry. */
  enteredOn: string;
}

/** The five kinds of assistance (plan §5), each with its lead department. */
export const MeasureKinds = [
  'industry',
  'employment',
  'safety-net',
  'motivation',
  'social',
] as const;
export type MeasureKind = (typeof MeasureKinds)[number];

/** One measure of an assistance plan: a task for its lead department until it is done. */
export interface AssistanceMeasure {
  /** Chosen by the city bureau, unique in the plan (a code). */
  measureId: string;
  kind: MeasureKind;
  /** What is done, as a code (MICRO_CREDIT, PUBLIC_WELFARE_JOB, MINIMUM_LIVING_ALLOWANCE…). */
  measureCode: string;
  /** The department that carries it out and reports its progress (牵头单位). */
  leadDepartment: Department;
  /** Departments that take part (责任单位). */
  responsibleDepartments: Department[];
  /** YYYY-MM-DD by which it is to be done (end of that day, Asia/Shanghai). */
  dueOn: string;
}

/**
 * The city bureau's assistance plan (帮扶计划) for an included household, and the announcement (公告)
 * the village committee made of the determination.
 */
export interface AssistancePlanBody {
  measures: AssistanceMeasure[];
  /** YYYY-MM-DD of the village's announcement. */
  announcedOn: string;
}

/**
 * The lead department's report on a measure: `in-progress` reports progress and leaves the task
 * open; `done` (at 100 percent) completes it.
 */
export interface AssistanceMeasureBody {
  status: 'in-progress' | 'done';
  /** 0–100, never below what was reported before. */
  percent: number;
  /** YYYY-MM-DD of the report. */
  reportedOn: string;
  /** A code for what was done (TRAINING_HELD, LOAN_GRANTED…). */
  noteCode?: string;
}

/** How settled a household's situation is, as the village judges it at a follow-up visit. */
export const Stabilities = ['stable', 'weakly-stable', 'at-risk'] as const;
export type Stability = (typeof Stabilities)[number];

/** A follow-up visit (定期回访) by the village's cadres: the figures, and whether to propose elimination. */
export interface FollowUpVisitBody {
  /** YYYY-MM-DD of the visit. */
  visitedOn: string;
  /** Yuan per person per year, current estimate. */
  incomePerCapita: number;
  /** Yuan per year for the household. */
  rigidExpenses: number;
  assurances: Assurances;
  labourCapacity: LabourCapacity;
  stability: Stability;
  /**
   * Propose marking the risk eliminated (风险消除, plan §4.4). Refused when the household has no
   * labour capacity, is not stable, earns below the policy's income line, or lacks any assurance.
   */
  proposeElimination: boolean;
}

/** The township's check of an elimination proposal. */
export interface EliminationTownshipBody {
  outcome: 'confirm' | 'reject';
  /** YYYY-MM-DD of the home visit. */
  visitedOn: string;
  reasonCode?: string;
}

/** The city bureau's decision on an elimination proposal. */
export interface EliminationCityBody {
  outcome: 'eliminate' | 'keep';
  reasonCode?: string;
}

export type TaskBody =
  | AssistancePlanBody
  | AssistanceMeasureBody
  | FollowUpVisitBody
  | EliminationTownshipBody
  | EliminationCityBody
  | ManualNationalEntryBody
  | VillageVerificationBody
  | DemocraticAppraisalBody
  | ObjectionReviewBody
  | TownshipVerificationBody;

/** A staff member completes a task through `completeTaskUpdate`. */
export interface TaskCompletion {
  taskId: string;
  /** Set by the API from the token; the validator checks role and jurisdiction. */
  actor: Actor;
  body: TaskBody;
  /**
   * The request, for the audit log: when given, the case writes the decision's audit entry in the
   * same transaction as its history step (and says so in its answer), so neither exists without
   * the other.
   */
  audit?: RequestStamp;
}

/** Where a staff decision came from, as the audit log records it: codes only, no personal data. */
export interface RequestStamp {
  /** When the API received the request (ISO 8601). */
  at: string;
  method: string;
  /** The route pattern, never the URL. */
  route: string;
  correlationId: string | null;
}

export interface TaskCompletionResult {
  taskId: string;
  kind: TaskKind;
  /** The stage the case moved to. */
  stage: CaseStage;
  /** True when the case writes the decision's audit entry with its history step (see `audit`). */
  audited?: boolean;
}

/** An objection is lodged through `lodgeObjectionUpdate`, during the public notice only. */
export interface ObjectionLodging extends ObjectionInput {
  actor: Actor;
}

/** The city bureau rolls back a risk-eliminated mark (风险消除回退): the household is monitored again. */
export interface EliminationRollback {
  /** Chosen by the caller; the same id twice changes nothing. */
  rollbackId: string;
  reasonCode: string;
  actor: Actor;
}

export interface EliminationRollbackResult {
  rollbackId: string;
  stage: CaseStage;
}

export interface ObjectionLodgingResult {
  objectionId: string;
  /** The objection-review task it became. */
  taskId: string;
}

/** A task row of the inbox in PostgreSQL, kept in step by the workflow through an activity. */
export interface TaskInboxEntry {
  caseId: string;
  runId: string;
  taskId: string;
  kind: TaskKind;
  role: Role;
  divisions: DivisionCodes;
  status: 'open' | 'done' | 'cancelled';
  /** ISO instant; null when none could be computed. */
  dueAt: string | null;
  /** Set once the task is overdue: the role of the level above that now chases it. */
  escalatedTo: Role | null;
  /** Account id of whoever completed it. */
  completedBy: string | null;
  /** For an assistance measure: its lead department, whose inbox lists it. */
  department?: Department | null;
}

/** Policy durations of each step (defaults from DOMAIN.md; tests use short durations). */
export interface StepDeadlines {
  villageVerification: DeadlineSpec;
  democraticAppraisal: DeadlineSpec;
  /** Public notice: calendar days (公示 5 天), never working days, so it always has an end. */
  noticePeriod: { calendarDays: number } | { duration: string };
  objectionReview: DeadlineSpec;
  townshipVerification: DeadlineSpec;
  /** Entering by hand what the national system refused (city bureau). */
  manualNationalEntry?: DeadlineSpec;
  /**
   * How the half-monthly report waits: `half-month` waits for the next cut-off (the 15th or the
   * last day of the month, end of day Asia/Shanghai); a spec waits that long instead (tests).
   */
  reportCutoff: 'half-month' | DeadlineSpec;
}

/**
 * Monitoring after inclusion (plan §4.3 step 4, §4.4, §5): the assistance plan, follow-up visits on
 * a durable cycle, risk elimination. Policies without it end a case at inclusion (earlier runs).
 */
export interface MonitoringPolicy {
  /** Yearly income line, yuan per person (2021: 6000): elimination needs income above it. */
  incomeLine: number;
  /** The city bureau's assistance plan, from inclusion. */
  assistancePlan: DeadlineSpec;
  /** Time from one follow-up visit (or inclusion) to the next visit's task. */
  followUpInterval: DeadlineSpec;
  /** Time the village has to make a visit once its task opens. */
  followUpVisit: DeadlineSpec;
  eliminationAppraisal: DeadlineSpec;
  eliminationTownship: DeadlineSpec;
  eliminationCity: DeadlineSpec;
  /** How long after elimination the mark may be rolled back before the case closes. */
  rollbackWindow: DeadlineSpec;
  /** Visits per workflow run: the run continues as new after this many (history stays small). */
  visitsPerRun: number;
}

export const DefaultMonitoringPolicy: MonitoringPolicy = {
  incomeLine: 6000,
  assistancePlan: { workingDays: 10 },
  followUpInterval: { calendarDays: 30 },
  followUpVisit: { workingDays: 5 },
  eliminationAppraisal: { workingDays: 5 },
  eliminationTownship: { workingDays: 5 },
  eliminationCity: { workingDays: 10 },
  rollbackWindow: { calendarDays: 365 },
  visitsPerRun: 12,
};

export const DefaultStepDeadlines: StepDeadlines = {
  villageVerification: { workingDays: 2 },
  democraticAppraisal: { workingDays: 5 },
  noticePeriod: { calendarDays: 5 },
  objectionReview: { workingDays: 3 },
  townshipVerification: { workingDays: 5 },
  manualNationalEntry: { workingDays: 5 },
  reportCutoff: 'half-month',
};
