import type { Actor, Role } from './access';
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

export type TaskBody =
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
}

export interface TaskCompletionResult {
  taskId: string;
  kind: TaskKind;
  /** The stage the case moved to. */
  stage: CaseStage;
}

/** An objection is lodged through `lodgeObjectionUpdate`, during the public notice only. */
export interface ObjectionLodging extends ObjectionInput {
  actor: Actor;
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

export const DefaultStepDeadlines: StepDeadlines = {
  villageVerification: { workingDays: 2 },
  democraticAppraisal: { workingDays: 5 },
  noticePeriod: { calendarDays: 5 },
  objectionReview: { workingDays: 3 },
  townshipVerification: { workingDays: 5 },
  manualNationalEntry: { workingDays: 5 },
  reportCutoff: 'half-month',
};
