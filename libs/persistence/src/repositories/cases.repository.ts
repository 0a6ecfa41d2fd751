import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { CaseFileView, CaseStage, DivisionCodes } from '@fanpin/contracts';

import type { Queryable } from './database';

/** A case run as opened by intake. */
export interface NewCase {
  runId: string;
  caseId: string;
  householdKey: string;
  divisions: DivisionCodes;
  channel: string;
  policyVersion: string;
}

/** The latest run of a case, as its file shows it. */
export interface CaseRunRow {
  run_id: string;
  village_code: string;
  township_code: string;
  channel: string;
  status: CaseFileView['status'];
  stage: CaseStage | null;
  stage_since: Date | null;
  household_class: string | null;
  risk_types: string[];
  opened_at: Date;
  decided_at: Date | null;
}

/** Why a closed case refuses a step: whether the step is recorded, and where the case stands. */
export interface ClosedCaseRow {
  done: boolean;
  status: string | null;
  village_code: string | null;
}

/** What a case's public notice shows besides the head's name. */
export interface NoticeFactsRow {
  triggers: number[] | null;
  household_class: string | null;
}

/** A move of a case run's status, from the one status it may come from. */
export interface StatusMove {
  from: string;
  to: string;
}

/** The monitoring periods of every household (`cases`: one row per case run). */
@Injectable()
export class CasesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a new case run and its first history event, in one statement (one round trip,
   * atomic); its opening time, whether it was recorded now or before. Fails on the unique index
   * when the household has another open case.
   */
  async open(c: NewCase): Promise<Date | undefined> {
    const [row] = await this.dataSource.query<{ opened_at: Date }[]>(
      `WITH inserted AS (
         INSERT INTO cases (run_id, case_id, household_key, county_code, township_code, village_code,
                            channel, policy_version, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open')
         ON CONFLICT (run_id) DO NOTHING
         RETURNING run_id, case_id, opened_at),
       event AS (
         INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail)
         SELECT run_id, case_id, 'opened', 'opened', 'system:intake', $9 FROM inserted
         ON CONFLICT (run_id, step_id) DO NOTHING)
       SELECT opened_at FROM inserted
       UNION ALL SELECT opened_at FROM cases WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        c.runId,
        c.caseId,
        c.householdKey,
        c.divisions.countyCode,
        c.divisions.townshipCode,
        c.divisions.villageCode,
        c.channel,
        c.policyVersion,
        { channel: c.channel, policyVersion: c.policyVersion },
      ],
    );
    return row?.opened_at;
  }

  /** The case's latest run. */
  async latestRun(caseId: string): Promise<CaseRunRow | undefined> {
    const [row] = await this.dataSource.query<CaseRunRow[]>(
      `SELECT run_id, village_code, township_code, channel, status, stage, stage_since,
              household_class, risk_types, opened_at, decided_at
       FROM cases WHERE case_id = $1 ORDER BY opened_at DESC LIMIT 1`,
      [caseId],
    );
    return row;
  }

  /** Whether the step `stepId` is recorded, the status of the case's last run, and its household's village. */
  async closedCase(
    caseId: string,
    stepId: string,
    householdKey: string,
  ): Promise<ClosedCaseRow | undefined> {
    const [row] = await this.dataSource.query<ClosedCaseRow[]>(
      `SELECT EXISTS (SELECT 1 FROM case_events WHERE case_id = $1 AND step_id = $2) AS done,
              (SELECT status FROM cases WHERE case_id = $1
               ORDER BY opened_at DESC LIMIT 1) AS status,
              (SELECT village_code FROM households WHERE household_key = $3) AS village_code`,
      [caseId, stepId, householdKey],
    );
    return row;
  }

  /** The triggers of every alert about the household, and the class of the case's last run. */
  async noticeFacts(householdKey: string, caseId: string): Promise<NoticeFactsRow | undefined> {
    const [row] = await this.dataSource.query<NoticeFactsRow[]>(
      `SELECT
         (SELECT array_agg(DISTINCT t ORDER BY t) FROM alerts, unnest(triggers) AS t
          WHERE alerts.household_key = $1) AS triggers,
         (SELECT household_class FROM cases WHERE case_id = $2
          ORDER BY opened_at DESC LIMIT 1) AS household_class`,
      [householdKey, caseId],
    );
    return row;
  }

  /**
   * Moves the run's status, if it still has the status `move.from`, and stamps the decision; the
   * city's inclusion also gives the household its class (kept through later moves).
   */
  async moveStatus(
    runId: string,
    move: StatusMove,
    householdClass: string | null,
    db: Queryable,
  ): Promise<void> {
    await db.query(
      `UPDATE cases SET status = $2, decided_at = now(),
              household_class = COALESCE($4, household_class)
       WHERE run_id = $1 AND status = $3`,
      [runId, move.to, move.from, householdClass],
    );
  }
}
