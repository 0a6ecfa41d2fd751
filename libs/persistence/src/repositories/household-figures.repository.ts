import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';

/** Figures of a household as a screening, verification or visit gave them: year and income. */
export interface HouseholdFigures {
  householdKey: string;
  figuresYear: number;
  /** Income per person per year, in whole fen. */
  incomePerCapitaFen: number;
  source: 'cadre-screening' | 'village-verification' | 'follow-up-visit';
  /** The screening id, or the case step that recorded them. */
  sourceRef: string;
}

/** One township of a what-if run. */
export interface WhatIfTownshipRow {
  townshipCode: string;
  households: number;
  monitored: number;
  added: number;
  released: number;
  addedHouseholds: string[];
  releasedHouseholds: string[];
}

/**
 * The what-if of a line in one pass: each household's latest figures (one row per household),
 * its township (where it lives now) and whether a case of it is included (monitored), grouped by
 * township. $1: income per person (fen) below which a household falls within the line; $2: how
 * many keys to list per township and direction.
 */
const whatIfSql = `
  WITH judged AS (
    SELECT f.household_key, left(h.village_code, 9) AS township_code,
           f.income_per_capita_fen < $1 AS within, m.household_key IS NOT NULL AS monitored
    FROM household_figures f
    JOIN households h ON h.household_key = f.household_key
    LEFT JOIN (SELECT DISTINCT household_key FROM cases WHERE status = 'included') m
      ON m.household_key = f.household_key)
  SELECT township_code AS "townshipCode", count(*)::int AS households,
         count(*) FILTER (WHERE monitored)::int AS monitored,
         count(*) FILTER (WHERE within AND NOT monitored)::int AS added,
         count(*) FILTER (WHERE monitored AND NOT within)::int AS released,
         coalesce((array_agg(household_key ORDER BY household_key)
           FILTER (WHERE within AND NOT monitored))[1:$2], '{}') AS "addedHouseholds",
         coalesce((array_agg(household_key ORDER BY household_key)
           FILTER (WHERE monitored AND NOT within))[1:$2], '{}') AS "releasedHouseholds"
  FROM judged
  GROUP BY township_code
  ORDER BY township_code`;

/**
 * The latest figures known of each household (`household_figures`): the year they are for and
 * income per person, nothing else. Read set-based by the what-if of a draft line.
 */
@Injectable()
export class HouseholdFiguresRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Keeps `f` as the household's latest figures (the last recorded wins). The same source again
   * (a retried step) changes nothing.
   */
  async record(f: HouseholdFigures, db: Queryable = this.dataSource): Promise<void> {
    await db.query(
      `INSERT INTO household_figures AS hf
         (household_key, figures_year, income_per_capita_fen, source, source_ref)
       SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM households WHERE household_key = $1)
       ON CONFLICT (household_key) DO UPDATE SET
         figures_year = EXCLUDED.figures_year,
         income_per_capita_fen = EXCLUDED.income_per_capita_fen,
         source = EXCLUDED.source, source_ref = EXCLUDED.source_ref, recorded_at = now()
       WHERE hf.source_ref IS DISTINCT FROM EXCLUDED.source_ref`,
      [f.householdKey, f.figuresYear, f.incomePerCapitaFen, f.source, f.sourceRef],
    );
  }

  /** Figures of a case's step: the case's household, found by the run. */
  async recordForRun(
    runId: string,
    f: Omit<HouseholdFigures, 'householdKey'>,
    db: Queryable = this.dataSource,
  ): Promise<void> {
    const [row] = await db.query<{ household_key: string }[]>(
      'SELECT household_key FROM cases WHERE run_id = $1',
      [runId],
    );
    if (row) await this.record({ ...f, householdKey: row.household_key }, db);
  }

  /**
   * Per township, the households whose latest figures fall within a line (income per person below
   * `withinFen`) but are not monitored (added), and those monitored but not within it (released),
   * listing at most `listLimit` keys of each. Reads only.
   */
  whatIf(withinFen: number, listLimit: number): Promise<WhatIfTownshipRow[]> {
    return this.dataSource.query<WhatIfTownshipRow[]>(whatIfSql, [withinFen, listLimit]);
  }
}
