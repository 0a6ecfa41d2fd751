import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { CaseStage, RegisterEntry } from '@fanpin/contracts';

import { scopeCondition, type ReadScope } from './division-scope';

/** A household of the register, with its case run and when it is next to be visited. */
export interface RegisterRow {
  run_id: string;
  case_id: string;
  household_key: string;
  village_code: string;
  township_code: string;
  status: RegisterEntry['status'];
  household_class: string | null;
  risk_types: string[];
  stage: CaseStage | null;
  decided_at: Date | null;
  head_name_sealed: string;
  head_resident_id_sealed: string;
  open_visit_due: Date | null;
  last_visit_at: Date | null;
}

/** The register's filters and keyset page. */
export interface RegisterFilter {
  scope: ReadScope;
  townshipCode: string | null;
  villageCode: string | null;
  householdClass: string | null;
  riskType: string | null;
  stage: string | null;
  /** The last household of the page before: its village and run. */
  after: readonly [string, string] | null;
  limit: number;
}

/** A case in a village's public notice. */
export interface NoticeRow {
  case_id: string;
  household_class: string | null;
  stage_since: Date;
  head_name_sealed: string;
  notice_ends_at: Date | null;
}

/** A decision of the city to announce in a village. */
export interface DecisionRow {
  run_id: string;
  case_id: string;
  status: 'included' | 'risk-eliminated';
  household_class: string | null;
  decided_at: Date;
  decided_key: string;
  head_name_sealed: string;
}

/**
 * The register (监测对象台账): households the city included, in the caller's jurisdiction, by village
 * then case (`cases_register_idx`). $1 scope code, $2 township, $3 village, $4 class, $5 risk type,
 * $6 stage, $7–$8 cursor, $9 limit.
 */
const registerSql = (scope: string) => `
  SELECT c.run_id, c.case_id, c.household_key, c.village_code, c.township_code, c.status,
         c.household_class, c.risk_types, c.stage, c.decided_at,
         h.head_name_sealed, h.head_resident_id_sealed,
         (SELECT t.due_at FROM tasks t WHERE t.run_id = c.run_id AND t.kind = 'follow-up-visit'
            AND t.status = 'open' LIMIT 1) AS open_visit_due,
         (SELECT max(e.recorded_at) FROM case_events e WHERE e.run_id = c.run_id
            AND e.kind IN ('follow-up-visit', 'assistance-plan')) AS last_visit_at
  FROM cases c JOIN households h ON h.household_key = c.household_key
  WHERE c.status IN ('included', 'risk-eliminated') AND ${scope}
    AND ($2::text IS NULL OR c.township_code = $2) AND ($3::text IS NULL OR c.village_code = $3)
    AND ($4::text IS NULL OR c.household_class = $4) AND ($5::text IS NULL OR $5 = ANY (c.risk_types))
    AND ($6::text IS NULL OR c.stage = $6)
    AND ($7::text IS NULL OR (c.village_code, c.run_id) > ($7::char(12), $8::uuid))
  ORDER BY c.village_code, c.run_id
  LIMIT $9`;

/** The console's lists of cases with their households: the register and the village notice board. */
@Injectable()
export class RegistersRepository {
  constructor(private readonly dataSource: DataSource) {}

  register(f: RegisterFilter): Promise<RegisterRow[]> {
    return this.dataSource.query<RegisterRow[]>(registerSql(scopeCondition(f.scope, 'c', 1)), [
      f.scope?.code ?? null,
      f.townshipCode,
      f.villageCode,
      f.householdClass,
      f.riskType,
      f.stage,
      f.after?.[0] ?? null,
      f.after?.[1] ?? null,
      f.limit,
    ]);
  }

  /**
   * The village's cases at `stage` (cases_village_stage_idx), with the notice's end where an
   * objection's review knows it exactly.
   */
  noticeOfVillage(villageCode: string, stage: string): Promise<NoticeRow[]> {
    return this.dataSource.query<NoticeRow[]>(
      `SELECT c.case_id, c.household_class, c.stage_since, h.head_name_sealed,
              (SELECT max(t.notice_ends_at) FROM tasks t WHERE t.run_id = c.run_id
                 AND t.kind = 'objection-review' AND t.opened_at >= c.stage_since) AS notice_ends_at
       FROM cases c JOIN households h ON h.household_key = c.household_key
       WHERE c.village_code = $1 AND c.stage = $2 AND c.status IN ('open', 'included')
       ORDER BY c.stage_since, c.run_id LIMIT 500`,
      [villageCode, stage],
    );
  }

  /** The city's decisions on the village's cases, newest first, after the cursor (instant, run). */
  decisionsOfVillage(
    villageCode: string,
    after: readonly (string | number)[] | null,
    limit: number,
  ): Promise<DecisionRow[]> {
    return this.dataSource.query<DecisionRow[]>(
      `SELECT c.run_id, c.case_id, c.status, c.household_class, c.decided_at,
              to_char(c.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS decided_key,
              h.head_name_sealed
       FROM cases c JOIN households h ON h.household_key = c.household_key
       WHERE c.village_code = $1 AND c.status IN ('included', 'risk-eliminated')
         AND c.decided_at IS NOT NULL
         AND ($2::timestamptz IS NULL OR (c.decided_at, c.run_id) < ($2::timestamptz, $3::uuid))
       ORDER BY c.decided_at DESC, c.run_id DESC LIMIT $4`,
      [villageCode, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
