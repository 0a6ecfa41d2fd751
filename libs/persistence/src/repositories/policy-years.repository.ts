import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';

/** A revision of a year's line and thresholds as stored (`policy_years`). */
export interface PolicyYearRow {
  year: number;
  revision: number;
  status: 'draft' | 'published';
  incomeLine: number;
  marginalBandPercent: number;
  marginalBandNominates: boolean;
  rigidExpensesPercent: number;
  sharpDropPercent: number;
  validFrom: string;
  validUntil: string;
  noticeRef: string;
  draftedBy: string;
  draftedAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
}

/** A year's draft as the city bureau enters it. */
export type PolicyYearDraft = Pick<
  PolicyYearRow,
  | 'year'
  | 'incomeLine'
  | 'marginalBandPercent'
  | 'marginalBandNominates'
  | 'rigidExpensesPercent'
  | 'sharpDropPercent'
  | 'validFrom'
  | 'validUntil'
  | 'noticeRef'
  | 'draftedBy'
>;

// Dates leave PostgreSQL as text: a `date` never passes through the process's time zone.
const columns = `year, revision, status, income_line AS "incomeLine",
  marginal_band_percent AS "marginalBandPercent", marginal_band_nominates AS "marginalBandNominates",
  rigid_expenses_percent AS "rigidExpensesPercent", sharp_drop_percent AS "sharpDropPercent",
  valid_from::text AS "validFrom", valid_until::text AS "validUntil", notice_ref AS "noticeRef",
  drafted_by AS "draftedBy", drafted_at AS "draftedAt", published_by AS "publishedBy",
  published_at AS "publishedAt"`;

/**
 * The yearly income lines and thresholds (`policy_years`): each year's one draft, edited until it
 * is published; published revisions, which the table's trigger keeps from any change.
 */
@Injectable()
export class PolicyYearsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every revision, drafts included, by year then revision. */
  all(): Promise<PolicyYearRow[]> {
    return this.dataSource.query<PolicyYearRow[]>(
      `SELECT ${columns} FROM policy_years ORDER BY year, revision`,
    );
  }

  /** The latest published revision of every year, by year. */
  published(db: Queryable = this.dataSource): Promise<PolicyYearRow[]> {
    return db.query<PolicyYearRow[]>(
      `SELECT DISTINCT ON (year) ${columns} FROM policy_years WHERE status = 'published'
       ORDER BY year, revision DESC`,
    );
  }

  /**
   * Sets the year's draft: its one draft changed, or a new one as the year's next revision. A
   * published revision is never touched.
   */
  async saveDraft(d: PolicyYearDraft, db: Queryable = this.dataSource): Promise<PolicyYearRow> {
    const [row] = await db.query<PolicyYearRow[]>(
      `INSERT INTO policy_years (year, revision, status, income_line, marginal_band_percent,
         marginal_band_nominates, rigid_expenses_percent, sharp_drop_percent, valid_from,
         valid_until, notice_ref, drafted_by)
       SELECT $1, coalesce(max(revision), 0) + 1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10
       FROM policy_years WHERE year = $1
       ON CONFLICT (year) WHERE status = 'draft' DO UPDATE SET
         income_line = EXCLUDED.income_line,
         marginal_band_percent = EXCLUDED.marginal_band_percent,
         marginal_band_nominates = EXCLUDED.marginal_band_nominates,
         rigid_expenses_percent = EXCLUDED.rigid_expenses_percent,
         sharp_drop_percent = EXCLUDED.sharp_drop_percent,
         valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
         notice_ref = EXCLUDED.notice_ref, drafted_by = EXCLUDED.drafted_by, drafted_at = now()
       RETURNING ${columns}`,
      [
        d.year,
        d.incomeLine,
        d.marginalBandPercent,
        d.marginalBandNominates,
        d.rigidExpensesPercent,
        d.sharpDropPercent,
        d.validFrom,
        d.validUntil,
        d.noticeRef,
        d.draftedBy,
      ],
    );
    if (!row) throw new Error('the draft was not stored');
    return row;
  }

  /** The year's revision, locked for the transaction `db` (publishing it). */
  async lock(year: number, revision: number, db: Queryable): Promise<PolicyYearRow | undefined> {
    const [row] = await db.query<PolicyYearRow[]>(
      `SELECT ${columns} FROM policy_years WHERE year = $1 AND revision = $2 FOR UPDATE`,
      [year, revision],
    );
    return row;
  }

  /** Publishes the year's draft of `revision`; the row as published. */
  async publish(
    year: number,
    revision: number,
    publishedBy: string,
    db: Queryable,
  ): Promise<PolicyYearRow> {
    // A SELECT over the UPDATE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    const [row] = await db.query<PolicyYearRow[]>(
      `WITH published AS (
         UPDATE policy_years SET status = 'published', published_by = $3, published_at = now()
         WHERE year = $1 AND revision = $2 AND status = 'draft'
         RETURNING *)
       SELECT ${columns} FROM published`,
      [year, revision, publishedBy],
    );
    if (!row) throw new Error('the draft was not published');
    return row;
  }

  /** Serialises publications: one at a time checks validity periods against the others. */
  async lockPublications(db: Queryable): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('policy_years.publish'))`);
  }
}
