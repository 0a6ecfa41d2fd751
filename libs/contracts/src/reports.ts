import { type HouseholdClass, type ReportKind, type SectorBureau } from './codes';

/** The Schedule that produces each kind of report. */
export const ReportScheduleIds: Record<ReportKind, string> = {
  'half-monthly': 'report-half-monthly',
  'bureau-exchange': 'report-bureau-exchange',
  'scale-risk': 'report-scale-risk',
};

/** The workflow type each Schedule starts, without arguments. */
export const ReportWorkflowTypes: Record<ReportKind, string> = {
  'half-monthly': 'halfMonthlyReport',
  'bureau-exchange': 'bureauExchangeReport',
  'scale-risk': 'scaleRiskReport',
};

/** A report's period: after `start`, up to and including `end` (ISO instants). */
export interface ReportPeriod {
  start: string;
  end: string;
}

export interface ReportWorkflowInput {
  kind: ReportKind;
  /**
   * The period to report on. Left out by the Schedules: the workflow takes the last period that
   * ended before the time it was scheduled for.
   */
  period?: ReportPeriod;
}

export interface ProduceReportCommand {
  kind: ReportKind;
  /** A township code (half-monthly), a sector bureau (bureau-exchange) or the city code. */
  scope: string;
  period: ReportPeriod;
}

export interface ProducedReport {
  reportId: string;
  scope: string;
  rows: number;
  /** False when the report had been produced before: a report is produced once per period. */
  created: boolean;
}

export interface ReportWorkflowResult {
  kind: ReportKind;
  period: ReportPeriod;
  reports: ProducedReport[];
}

export interface ReportActivities {
  /** The scopes a kind of report is produced for: the townships, the bureaus, or the city. */
  reportScopes(command: { kind: ReportKind }): Promise<string[]>;
  /** Takes the snapshot and stores it, once per kind, scope and period. */
  produceReport(command: ProduceReportCommand): Promise<ProducedReport>;
}

/** Workflow id of a report run started by hand for one period (Schedules name their own runs). */
export function reportWorkflowId(kind: ReportKind, period: ReportPeriod): string {
  return `report-${kind}-${period.end}`;
}

/** A case as a report lists it: codes and the household key, never a name or number. */
export interface ReportedCaseRow {
  caseId: string;
  householdKey: string;
  villageCode: string;
  status: string;
  householdClass: HouseholdClass | null;
}

/** Half-monthly: one way-in record of the period (a declaration, a screening or a bureau alert). */
export interface HalfMonthlyEntry {
  receivedAt: string;
  source: string;
  alertId: string;
  /** app / hotline-12317 / written-form for a declaration; null otherwise. */
  channel: string | null;
  villageCode: string;
  householdKey: string;
  triggers: number[];
  caseId: string | null;
  caseStatus: string | null;
}

/** Half-monthly: a case the township re-verified and reported to the city at this cut-off. */
export interface HalfMonthlyReported {
  caseId: string;
  householdKey: string;
  villageCode: string;
  channel: string;
  riskTypes: string[];
  ledgerEntry: string | null;
  reportedAt: string;
}

export interface HalfMonthlyContent {
  declarations: HalfMonthlyEntry[];
  warnings: HalfMonthlyEntry[];
  reported: HalfMonthlyReported[];
}

/** Bureau exchange: a household on the confirmed monitoring list. */
export interface ExchangeListed {
  caseId: string;
  householdKey: string;
  villageCode: string;
  householdClass: HouseholdClass | null;
  includedAt: string | null;
}

/** Bureau exchange: what became of one of the bureau's alerts. */
export interface ExchangeOutcome {
  alertId: string;
  receivedAt: string;
  villageCode: string;
  householdKey: string;
  caseId: string | null;
  /** not-yet-handled, under-verification, included, not-included, risk-eliminated */
  outcome: string;
  householdClass: HouseholdClass | null;
  /** Why it was not included (a code), when it was not. */
  reasonCode: string | null;
}

export interface BureauExchangeContent {
  bureau: SectorBureau;
  confirmed: ExchangeListed[];
  outcomes: ExchangeOutcome[];
}

/** Scale-risk: one count line of the year, by township, class and risk type. */
export interface ScaleRiskCount {
  townshipCode: string;
  householdClass: string;
  riskType: string;
  /** Monitored at the end of the year (included, not eliminated). */
  monitored: number;
  /** Included during the year. */
  included: number;
  /** Marked risk eliminated during the year. */
  eliminated: number;
  /** Monitored at the end of the year before. */
  monitoredYearBefore: number;
}

/** Scale-risk: one month of the year. */
export interface ScaleRiskMonth {
  month: string;
  opened: number;
  included: number;
  eliminated: number;
  monitoredAtEnd: number;
}

/** Scale-risk: households counted once under one key (a township, a class or a risk type). */
export interface ScaleRiskTotals {
  key: string;
  monitored: number;
  included: number;
  eliminated: number;
  monitoredYearBefore: number;
}

/**
 * Scale-risk: the assistance measures done in the year (帮扶成效), by township, kind and measure code:
 * how many, and the yuan their facts give (`yuanOfFacts`: loans, subsidies, premiums paid, and the
 * monthly pay of posts and monthly 低保/特困 amounts).
 */
export interface ScaleRiskMeasureSum {
  townshipCode: string;
  kind: string;
  measureCode: string;
  /** Measures done in the year. */
  done: number;
  /** Of them, those whose facts are stated. */
  withFacts: number;
  /** Yuan, to the fen. */
  yuan: number;
}

export interface ScaleRiskContent {
  year: number;
  /** The year as a whole and by each dimension; a household with two risk types counts under both. */
  total: ScaleRiskTotals;
  byTownship: ScaleRiskTotals[];
  byClass: ScaleRiskTotals[];
  byRiskType: ScaleRiskTotals[];
  /** By township, class and risk type together (lines with any count). */
  counts: ScaleRiskCount[];
  months: ScaleRiskMonth[];
  /** Measures done in the year, per township (absent from reports taken before they were kept). */
  measures?: ScaleRiskMeasureSum[];
}

export type ReportContent = HalfMonthlyContent | BureauExchangeContent | ScaleRiskContent;
