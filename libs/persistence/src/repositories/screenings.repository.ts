import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { scopeCondition, type ReadScope } from './division-scope';

export interface NewScreening {
  screeningId: string;
  householdKey: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  decision: 'report' | 'no-risk';
  suggestedReport: boolean;
  recordedBy: string;
}

export interface VillageCoverageRow {
  village_code: string;
  township_code: string;
  screenings: number;
  households_screened: number;
  households_reported: number;
}

/** Cadre screenings, reported or not (`screenings`): who visited which household, and when. */
@Injectable()
export class ScreeningsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a screening once; the same id again leaves the first. Answers the stored household and
   * decision, so that a caller tells a repeat from another screening under the same id.
   */
  async record(s: NewScreening): Promise<{ household_key: string; decision: string }> {
    const [row] = await this.dataSource.query<{ household_key: string; decision: string }[]>(
      `WITH inserted AS (
         INSERT INTO screenings (screening_id, household_key, county_code, township_code,
                                 village_code, decision, suggested_report, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (screening_id) DO NOTHING
         RETURNING household_key, decision)
       SELECT household_key, decision FROM inserted
       UNION ALL SELECT household_key, decision FROM screenings
       WHERE screening_id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        s.screeningId,
        s.householdKey,
        s.countyCode,
        s.townshipCode,
        s.villageCode,
        s.decision,
        s.suggestedReport,
        s.recordedBy,
      ],
    );
    return row!;
  }

  /**
   * Per village of the scope, screenings recorded from `from` to `until` (both included): how many, of how many distinct
   * households, and how many households a cadre reported.
   */
  coverage(scope: ReadScope, from: Date, until: Date): Promise<VillageCoverageRow[]> {
    return this.dataSource.query<VillageCoverageRow[]>(
      `SELECT s.village_code, s.township_code, count(*)::int AS screenings,
              count(DISTINCT s.household_key)::int AS households_screened,
              count(DISTINCT s.household_key) FILTER (WHERE s.decision = 'report')::int
                AS households_reported
       FROM screenings s
       WHERE ${scopeCondition(scope, 's', 1)} AND s.recorded_at >= $2 AND s.recorded_at <= $3
       GROUP BY s.village_code, s.township_code
       ORDER BY s.village_code`,
      [scope?.code ?? null, from, until],
    );
  }
}
