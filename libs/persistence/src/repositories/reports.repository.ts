import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ReportKind } from '@fanpin/contracts';

/** A stored report, as its listing shows it. */
export interface ReportRow {
  report_id: string;
  kind: ReportKind;
  scope: string;
  period_start: Date;
  period_end: Date;
  produced_at: Date;
  row_count: number;
}

/** A new report's snapshot, once per kind, scope and period. */
export interface NewReport {
  kind: ReportKind;
  scope: string;
  periodStart: string;
  periodEnd: string;
  rowCount: number;
  content: unknown;
}

/** Who reads reports: the account's role, division code and organisation. */
export interface ReportReader {
  role: string;
  divisionCode: string | null;
  org: string | null;
}

/**
 * Which reports an account reads: the city bureau and supervisors all of them; a township its own
 * half-monthly reports; a sector bureau its own data exchange; both the yearly judgement (counts
 * only). As SQL over `reports` (parameters $1 role, $2 division code, $3 org).
 */
const readable = `(
  $1 IN ('city-bureau', 'supervisor')
  OR kind = 'scale-risk'
  OR ($1 = 'township-officer' AND kind = 'half-monthly' AND scope = $2)
  OR ($1 = 'sector-bureau' AND kind = 'bureau-exchange' AND scope = $3)
)`;

const who = (r: ReportReader) => [r.role, r.divisionCode, r.org];

/** The periodic reports' snapshots (`reports`), one per kind, scope and period. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource) {}

  /** The reports the reader may read, newest period first. */
  list(
    reader: ReportReader,
    filter: { kind?: ReportKind; scope?: string; limit: number },
  ): Promise<ReportRow[]> {
    return this.db.query<ReportRow[]>(
      `SELECT report_id, kind, scope, period_start, period_end, produced_at, row_count
       FROM reports
       WHERE ${readable}
         AND ($4::text IS NULL OR kind = $4) AND ($5::text IS NULL OR scope = $5)
       ORDER BY period_end DESC, kind, scope
       LIMIT $6`,
      [...who(reader), filter.kind ?? null, filter.scope ?? null, filter.limit],
    );
  }

  /** One report with its snapshot, if the reader may read it. */
  async load(
    reader: ReportReader,
    reportId: string,
  ): Promise<(ReportRow & { content: unknown }) | undefined> {
    const [row] = await this.db.query<(ReportRow & { content: unknown })[]>(
      `SELECT report_id, kind, scope, period_start, period_end, produced_at, row_count, content
       FROM reports WHERE report_id = $4 AND ${readable}`,
      [...who(reader), reportId],
    );
    return row;
  }

  /** The report of a kind, scope and period, if it is stored. */
  async find(
    kind: ReportKind,
    scope: string,
    periodEnd: string,
  ): Promise<{ report_id: string; row_count: number } | undefined> {
    const [row] = await this.db.query<{ report_id: string; row_count: number }[]>(
      `SELECT report_id, row_count FROM reports WHERE kind = $1 AND scope = $2 AND period_end = $3`,
      [kind, scope, periodEnd],
    );
    return row;
  }

  /** Stores the report unless one of its kind, scope and period is; the new report's id. */
  async insert(r: NewReport): Promise<string | undefined> {
    const [inserted] = await this.db.query<{ report_id: string }[]>(
      `INSERT INTO reports (kind, scope, period_start, period_end, row_count, content)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, scope, period_end) DO NOTHING
       RETURNING report_id`,
      [r.kind, r.scope, r.periodStart, r.periodEnd, r.rowCount, JSON.stringify(r.content)],
    );
    return inserted?.report_id;
  }
}
