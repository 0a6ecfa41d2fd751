import type { DeadlineSpec, DivisionCodes, OpenTask } from './api/cases';
import type { PolicyYearLine } from './api/policy';
import type { Signed } from './commands';
import {
  DefaultMonitoringPolicy,
  DefaultStepDeadlines,
  type MonitoringPolicy,
  type StepDeadlines,
} from './tasks';
import {
  type EntryChannel,
  type HouseholdClass,
  type NationalEntryPath,
  type SectorBureau,
} from './codes';

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

/** A risk alert or declaration attached to a case. Codes only: no personal data. */
export interface AlertRef extends Signed {
  /** Stable id of the alert at its source, unique per source. */
  alertId: string;
  /** A sector bureau, or the channel for declarations and screenings. */
  source: SectorBureau | 'self-declaration' | 'cadre-screening';
  /** Screening triggers of plan §4.1, numbered 1–7. */
  triggers: number[];
}

/** Input of the household-case workflow. Holds no personal data: the household is a keyed hash. */
export interface HouseholdCaseInput extends Signed {
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
  /** How the case is entered into the national system, once chosen (absent: not yet entered). */
  nationalEntryPath?: NationalEntryPath;
  /** Open national-system updates the township keys in (beside monitoring). */
  nationalTasks?: OpenTask[];
  alertIds: string[];
  /** Tasks handled so far: a repeated completion of one is still refused as done. */
  completedTaskIds: string[];
  /** Tasks withdrawn without completion (cancelled measures): their ids stay taken. */
  withdrawnTaskIds: string[];
  objectionIds: string[];
  /** Open assistance measures and responsible units' parts, with progress and escalation. */
  measures: OpenTask[];
  /** Follow-up visits and elimination proposals so far (task numbering goes on from them). */
  visits: number;
  /** The latest visits in a row that met the elimination rules (see `eliminationProblem`). */
  stableVisits?: number;
  /**
   * How many of `alertIds` the plan in force has taken into account: an alert that came during the
   * last visit of a run is reviewed in the next one.
   */
  alertsPlanned?: number;
  /** Social-security measures (综合保障) of the plan in force, open or done. */
  safetyNetMeasureIds?: string[];
  eliminationRounds: number;
  plans: number;
  /** Plans a village meeting appraised (帮扶措施民主评议). */
  appraisedPlans?: number[];
  /** A meeting rejected the plan in force: the city reviews it (the reason code). */
  planReviewAsked?: string | null;
  /** When the next follow-up visit opens (ISO). */
  nextVisitAt: string;
  /** The published income lines the case keeps (see `CaseSummary.yearLines`). */
  yearLines?: PolicyYearLine[];
}

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
  /**
   * Whether the city bureau may take a sudden-hardship case (emergency relief granted) to its
   * determination without waiting for the half-monthly cut-off (快速认定).
   */
  suddenHardshipFastTrack: boolean;
}

export const DefaultCasePolicy: CasePolicy = {
  version: '2021-linjiang-v6',
  deadlines: { identification: { workingDays: 20 } },
  steps: DefaultStepDeadlines,
  monitoring: DefaultMonitoringPolicy,
  suddenHardshipFastTrack: true,
};

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
