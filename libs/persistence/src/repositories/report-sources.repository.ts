import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type {
  BureauExchangeContent,
  ExchangeListed,
  ExchangeOutcome,
  HalfMonthlyContent,
  HalfMonthlyEntry,
  HalfMonthlyReported,
  ReportPeriod,
  ScaleRiskMeasureSum,
  SectorBureau,
} from '@fanpin/contracts';

import type { ScaleRiskRun } from '@fanpin/domain';

/** Sources of the alerts table that are not sector bureaus: the households' own ways in. */
const OWN_WAYS_IN = ['self-declaration', 'cadre-screening'];

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

interface EntryRow {
  received_at: Date;
  source: string;
  alert_id: string;
  channel: string | null;
  village_code: string;
  household_key: string;
  triggers: number[];
  case_id: string | null;
  case_status: string | null;
}

/**
 * What the periodic reports are made of (plan §4.2, §6.2): each report's snapshot, read from the
 * alerts, cases and case history. Codes and household keys only.
 */
@Injectable()
export class ReportSourcesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Half-monthly report of one township: the period's way-in records (declarations and screenings
   * apart from the bureaus' warnings) and the cases the township reported to the city at a cut-off of
   * the period. Read by time through `alerts_received_at_idx` and `case_events_kind_time_idx`.
   */
  async halfMonthly(township: string, period: ReportPeriod): Promise<HalfMonthlyContent> {
    const entries = await this.db.query<EntryRow[]>(
      // Each entry in the township where the household lives, whichever village the report named.
      `SELECT a.received_at, a.source, a.alert_id, a.detail->>'declarationChannel' AS channel,
              h.village_code, a.household_key, a.triggers, a.case_id, c.status AS case_status
       FROM alerts a
       JOIN households h ON h.household_key = a.household_key
       LEFT JOIN LATERAL (
         SELECT status FROM cases WHERE case_id = a.case_id ORDER BY opened_at DESC LIMIT 1
       ) c ON true
       WHERE a.received_at > $2 AND a.received_at <= $3 AND left(h.village_code, 9) = $1
       ORDER BY a.received_at, a.id`,
      [township, period.start, period.end],
    );
    const entry = (r: EntryRow): HalfMonthlyEntry => ({
      receivedAt: r.received_at.toISOString(),
      source: r.source,
      alertId: r.alert_id,
      channel: r.channel,
      villageCode: r.village_code,
      householdKey: r.household_key,
      triggers: r.triggers,
      caseId: r.case_id,
      caseStatus: r.case_status,
    });
    const reported = await this.db.query<
      {
        case_id: string;
        household_key: string;
        village_code: string;
        channel: string;
        risk_types: string[] | null;
        ledger_entry: string | null;
        cutoff_at: string;
      }[]
    >(
      `SELECT e.case_id, c.household_key, c.village_code, c.channel,
              tv.detail->'riskTypes' AS risk_types, tv.detail->>'ledgerEntry' AS ledger_entry,
              e.detail->>'cutoffAt' AS cutoff_at
       FROM case_events e
       JOIN cases c ON c.run_id = e.run_id
       LEFT JOIN LATERAL (
         SELECT detail FROM case_events t
         WHERE t.run_id = e.run_id AND t.kind = 'township-verification' AND t.id < e.id
         ORDER BY t.id DESC LIMIT 1
       ) tv ON true
       WHERE e.kind = 'report' AND e.recorded_at > $2
         AND (e.detail->>'cutoffAt')::timestamptz > $2 AND (e.detail->>'cutoffAt')::timestamptz <= $3
         AND c.township_code = $1
       ORDER BY e.case_id`,
      [township, period.start, period.end],
    );
    return {
      declarations: entries.filter((r) => OWN_WAYS_IN.includes(r.source)).map(entry),
      warnings: entries.filter((r) => !OWN_WAYS_IN.includes(r.source)).map(entry),
      reported: reported.map((r): HalfMonthlyReported => ({
        caseId: r.case_id,
        householdKey: r.household_key,
        villageCode: r.village_code,
        channel: r.channel,
        riskTypes: Array.isArray(r.risk_types) ? r.risk_types : [],
        ledgerEntry: r.ledger_entry,
        reportedAt: new Date(r.cutoff_at).toISOString(),
      })),
    };
  }

  /**
   * Data exchange with one sector bureau: the confirmed monitoring list of the whole city (each
   * household's latest period, when it is included), and what became of the bureau's alerts received
   * in the period or whose case was decided in it.
   */
  async bureauExchange(bureau: SectorBureau, period: ReportPeriod): Promise<BureauExchangeContent> {
    const confirmed = await this.db.query<
      {
        case_id: string;
        household_key: string;
        village_code: string;
        household_class: ExchangeListed['householdClass'];
        decided_at: Date | null;
      }[]
    >(
      `SELECT case_id, household_key, village_code, household_class, decided_at
       FROM (
         SELECT DISTINCT ON (case_id) case_id, household_key, village_code, household_class,
                decided_at, status
         FROM cases ORDER BY case_id, opened_at DESC
       ) latest
       WHERE status = 'included'
       ORDER BY village_code, case_id`,
    );
    const outcomes = await this.db.query<
      {
        alert_id: string;
        received_at: Date;
        village_code: string;
        household_key: string;
        case_id: string | null;
        status: string | null;
        household_class: ExchangeOutcome['householdClass'];
        reason_code: string | null;
      }[]
    >(
      `SELECT a.alert_id, a.received_at, a.village_code, a.household_key, a.case_id,
              c.status, c.household_class, r.reason_code
       FROM alerts a
       LEFT JOIN LATERAL (
         SELECT run_id, status, household_class, decided_at FROM cases
         WHERE case_id = a.case_id ORDER BY opened_at DESC LIMIT 1
       ) c ON true
       LEFT JOIN LATERAL (
         SELECT e.detail->>'reasonCode' AS reason_code FROM case_events e
         WHERE e.run_id = c.run_id AND c.status = 'excluded'
           AND e.kind IN ('city-determination', 'township-verification') AND e.detail ? 'reasonCode'
         ORDER BY e.id DESC LIMIT 1
       ) r ON true
       WHERE a.source = $1
         AND ((a.received_at > $2 AND a.received_at <= $3)
           OR (c.decided_at > $2 AND c.decided_at <= $3))
       ORDER BY a.received_at, a.id`,
      [bureau, period.start, period.end],
    );
    return {
      bureau,
      confirmed: confirmed.map((r) => ({
        caseId: r.case_id,
        householdKey: r.household_key,
        villageCode: r.village_code,
        householdClass: r.household_class,
        includedAt: iso(r.decided_at),
      })),
      outcomes: outcomes.map((r) => ({
        alertId: r.alert_id,
        receivedAt: r.received_at.toISOString(),
        villageCode: r.village_code,
        householdKey: r.household_key,
        caseId: r.case_id,
        outcome: outcomeOf(r.case_id, r.status),
        householdClass: r.status === 'excluded' ? null : r.household_class,
        reasonCode: r.reason_code,
      })),
    };
  }

  /**
   * Every monitoring period that was ever included, with the times of its inclusion and of its
   * elimination marks and rollbacks, for the yearly judgement (computed in `scale-risk.ts`).
   */
  async scaleRiskRuns(end: string): Promise<ScaleRiskRun[]> {
    const rows = await this.db.query<
      {
        township_code: string;
        household_class: string | null;
        opened_at: Date;
        included_at: Date | null;
        risk_types: string[] | null;
        marks: { kind: string; at: string }[];
      }[]
    >(
      `SELECT c.township_code, c.household_class, c.opened_at,
              (SELECT min(e.recorded_at) FROM case_events e
               WHERE e.run_id = c.run_id AND e.kind = 'city-determination'
                 AND (e.detail->>'include')::boolean) AS included_at,
              (SELECT e.detail->'riskTypes' FROM case_events e
               WHERE e.run_id = c.run_id AND e.kind = 'township-verification'
                 AND e.detail->>'outcome' = 'confirm'
               ORDER BY e.id DESC LIMIT 1) AS risk_types,
              coalesce((SELECT json_agg(json_build_object('kind', e.kind, 'at', e.recorded_at)
                                        ORDER BY e.recorded_at, e.id)
                        FROM case_events e
                        WHERE e.run_id = c.run_id
                          AND e.kind IN ('elimination', 'elimination-rollback')), '[]') AS marks
       FROM cases c
       WHERE c.opened_at <= $1`,
      [end],
    );
    return rows.map((r) => ({
      townshipCode: r.township_code,
      householdClass: r.household_class,
      openedAt: r.opened_at.getTime(),
      includedAt: r.included_at ? r.included_at.getTime() : null,
      riskTypes: Array.isArray(r.risk_types) ? r.risk_types : [],
      marks: r.marks.map((m) => ({
        eliminated: m.kind === 'elimination',
        at: Date.parse(m.at),
      })),
    }));
  }

  /**
   * The measures done in the period, by township, kind and code: how many, how many state their
   * facts, and the yuan the facts give (as `yuanOfFacts` counts them). One range scan of
   * `assistance_measures_done_idx`.
   */
  async measureSums(period: ReportPeriod): Promise<ScaleRiskMeasureSum[]> {
    const rows = await this.db.query<
      {
        township_code: string;
        kind: string;
        measure_code: string;
        done: number;
        with_facts: number;
        yuan: string;
      }[]
    >(
      `SELECT c.township_code, m.kind, m.measure_code, count(*)::int AS done,
              count(m.facts)::int AS with_facts,
              coalesce(sum(CASE m.facts->>'type'
                WHEN 'micro-credit' THEN (m.facts->>'amount')::numeric
                WHEN 'industry-subsidy' THEN (m.facts->>'amount')::numeric
                WHEN 'public-welfare-post' THEN (m.facts->>'monthlyPay')::numeric
                WHEN 'social-assistance' THEN (m.facts->>'monthlyAmount')::numeric
                WHEN 'insurance' THEN (m.facts->>'premium')::numeric
                ELSE 0 END), 0)::text AS yuan
       FROM assistance_measures m
       JOIN cases c ON c.run_id = m.run_id
       WHERE m.status = 'done' AND m.done_at > $1 AND m.done_at <= $2
       GROUP BY c.township_code, m.kind, m.measure_code
       ORDER BY c.township_code, m.kind, m.measure_code`,
      [period.start, period.end],
    );
    return rows.map((r) => ({
      townshipCode: r.township_code,
      kind: r.kind,
      measureCode: r.measure_code,
      done: r.done,
      withFacts: r.with_facts,
      yuan: Math.round(Number(r.yuan) * 100) / 100,
    }));
  }
}

function outcomeOf(caseId: string | null, status: string | null): string {
  if (!caseId || !status) return 'not-yet-handled';
  if (status === 'open') return 'under-verification';
  if (status === 'excluded') return 'not-included';
  return status;
}
