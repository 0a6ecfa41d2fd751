import type { Actor } from './api/auth';
import type { Signed } from './commands';
import type { DeadlineSpec, DivisionCodes, DueBasis, TaskCompletionAnswer } from './api/cases';
import type { PolicyYearLine } from './api/policy';
import type {
  EmergencyReliefForm,
  FastTrackForm,
  ObjectionForm,
  PlanAppraisalForm,
  RollbackForm,
} from './forms/ways-in';
import type { TaskForm, TaskKind } from './forms/task-forms';
import type { Department, Role } from './codes';

/**
 * Who completes each kind of task (plan §4.3–§5), and who is told when it is overdue (the level
 * above). Every task is completed through the `completeTask` Update with its form (`TaskForm`).
 */
export const TaskRoles: Record<TaskKind, { role: Role; escalateTo: Role }> = {
  'village-verification': { role: 'village-cadre', escalateTo: 'township-officer' },
  'democratic-appraisal': { role: 'village-committee', escalateTo: 'township-officer' },
  'objection-review': { role: 'township-officer', escalateTo: 'city-bureau' },
  'township-verification': { role: 'township-officer', escalateTo: 'city-bureau' },
  'city-determination': { role: 'city-bureau', escalateTo: 'supervisor' },
  'manual-national-entry': { role: 'city-bureau', escalateTo: 'supervisor' },
  'national-entry': { role: 'township-officer', escalateTo: 'city-bureau' },
  'national-update': { role: 'township-officer', escalateTo: 'city-bureau' },
  'assistance-plan': { role: 'city-bureau', escalateTo: 'supervisor' },
  'assistance-measure': { role: 'lead-department', escalateTo: 'city-bureau' },
  // A responsible unit's part: a department's, or (for `townships`) the township officer's.
  'measure-contribution': { role: 'lead-department', escalateTo: 'city-bureau' },
  'follow-up-visit': { role: 'village-cadre', escalateTo: 'township-officer' },
  'elimination-appraisal': { role: 'village-committee', escalateTo: 'township-officer' },
  'elimination-township': { role: 'township-officer', escalateTo: 'city-bureau' },
  'elimination-city': { role: 'city-bureau', escalateTo: 'supervisor' },
};

/** Every kind of task, in the order of the procedure. */
export const TaskKinds = Object.keys(TaskRoles) as TaskKind[];

/** A staff member completes a task through `completeTaskUpdate`. */
export interface TaskCompletion extends Signed {
  taskId: string;
  /** Set by the API from the token; the validator checks role and jurisdiction. */
  actor: Actor;
  body: TaskForm;
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

/** The Update's answer: the API's answer, and whether the case wrote the decision's audit entry. */
export type TaskCompletionResult = TaskCompletionAnswer & {
  /** True when the case writes the decision's audit entry with its history step (see `audit`). */
  audited?: boolean;
};

/** An objection is lodged through `lodgeObjectionUpdate`, during the public notice only. */
export interface ObjectionLodging extends ObjectionForm, Signed {
  actor: Actor;
}

/** The city bureau rolls back a risk-eliminated mark (风险消除回退): the household is monitored again. */
export interface EliminationRollback extends RollbackForm, Signed {
  actor: Actor;
}

/** Emergency relief granted on the day to a household in sudden severe difficulty (急难社会救助). */
export interface ReliefGrant extends EmergencyReliefForm, Signed {
  actor: Actor;
}

/** A village meeting's appraisal of the case's plan in force, as the API sends it. */
export interface PlanAppraisal extends PlanAppraisalForm, Signed {
  actor: Actor;
}

/** The city bureau sends a sudden-hardship case to its determination ahead of the cut-off. */
export interface FastTrack extends FastTrackForm, Signed {
  actor: Actor;
}

/**
 * The city bureau moves a running case onto the income lines published now (适用新标准): the API
 * reads them and sends them with the command; the case judges later figures against them.
 */
export interface PolicyAdoption extends Signed {
  actor: Actor;
  yearLines: PolicyYearLine[];
  reasonCode: string;
}

/** A household's move (迁移), sent to its running case: the case follows it to its new village. */
export interface HouseholdMove extends Signed {
  actor: Actor;
  divisions: DivisionCodes;
  reasonCode: string;
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
  /** ISO instant; null when the task has none. */
  dueAt: string | null;
  /** Counted on weekdays only, a year it reaches having no official arrangement yet. */
  dueProvisional?: boolean;
  /** What the due date was counted from: the recount of a provisional one starts from it. */
  dueBasis?: DueBasis | null;
  /** Set once the task is overdue: the role of the level above that now chases it. */
  escalatedTo: Role | null;
  /** Account id of whoever completed it. */
  completedBy: string | null;
  /**
   * For an assistance measure: its lead department, whose inbox lists it; for a responsible unit's
   * part, that department (none for the township's).
   */
  department?: Department | null;
  /** For a measure's task or a responsible unit's part: the measure, whose facts the inbox shows. */
  measureId?: string | null;
  /** For an objection review: when the public notice it belongs to ends (ISO). */
  noticeEndsAt?: string | null;
}

/** Policy durations of each step (defaults from DOMAIN.md; tests use short durations). */
export interface StepDeadlines {
  villageVerification: DeadlineSpec;
  democraticAppraisal: DeadlineSpec;
  /** Public notice: calendar days (公示 5 天), never working days, so it always has an end. */
  noticePeriod: { calendarDays: number } | { duration: string };
  objectionReview: DeadlineSpec;
  townshipVerification: DeadlineSpec;
  /**
   * Keying an entry or a change into the national system by hand: the township's on the `township`
   * path, the city bureau's when the system refused the adapter's entry.
   */
  manualNationalEntry: DeadlineSpec;
  /**
   * How the half-monthly report waits: `half-month` waits for the next cut-off (the 15th or the
   * last day of the month, end of day Asia/Shanghai); a spec waits that long instead (tests).
   */
  reportCutoff: 'half-month' | DeadlineSpec;
}

/**
 * Monitoring after inclusion (plan §4.3 step 4, §4.4, §5): the assistance plan, follow-up visits on
 * a durable cycle, risk elimination.
 */
export interface MonitoringPolicy {
  /** Yearly income line, yuan per person (2021: 6000): elimination needs income above it. */
  incomeLine: number;
  /**
   * Elimination needs the household's rigid expenses at or below this percent of its income
   * (income per person times the members at the visit): 100, not above the income (§3 刚性支出).
   */
  rigidExpensesPercent: number;
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
  /**
   * Visits in a row, the proposing one included, that must each meet the elimination rules before
   * a proposal is taken (收入持续稳定: one good visit is not a stable income).
   */
  stableVisitsForElimination: number;
  /** Visits per workflow run: the run continues as new after this many (history stays small). */
  visitsPerRun: number;
}

export const DefaultMonitoringPolicy: MonitoringPolicy = {
  incomeLine: 6000,
  rigidExpensesPercent: 100,
  assistancePlan: { workingDays: 10 },
  followUpInterval: { calendarDays: 30 },
  followUpVisit: { workingDays: 5 },
  eliminationAppraisal: { workingDays: 5 },
  eliminationTownship: { workingDays: 5 },
  eliminationCity: { workingDays: 10 },
  rollbackWindow: { calendarDays: 365 },
  stableVisitsForElimination: 2,
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
