import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { unnestArrays, type Queryable } from './database';

/** A row of a national-system export as stored: the head's ID number only as the household key. */
export interface ExportRow {
  line: number;
  recordId: string;
  householdKey: string;
  townshipCode: string;
  villageCode: string;
  householdClass: string;
  mark: string;
}

/** A household this system monitors, as the reconciliation compares it with the export. */
export interface MonitoredHousehold {
  case_id: string;
  household_key: string;
  township_code: string;
  village_code: string;
  household_class: string | null;
  status: 'included' | 'risk-eliminated';
  /** Its inclusion's national record number; null while not entered. */
  record_id: string | null;
}

export interface NewDifference {
  kind: string;
  line: number | null;
  recordId: string | null;
  householdKey: string;
  caseId: string | null;
  townshipCode: string;
  villageCode: string;
  here: string | null;
  there: string | null;
}

export interface ReconciliationRow {
  reconciliation_id: string;
  county_code: string;
  township_code: string | null;
  format: 'csv' | 'xlsx' | 'json';
  row_count: number;
  difference_count: number;
  unresolved: number;
  imported_by: string;
  imported_at: Date;
}

export interface DifferenceRow {
  difference_no: number;
  kind: string;
  line: number | null;
  record_id: string | null;
  household_key: string;
  case_id: string | null;
  township_code: string;
  village_code: string;
  here: string | null;
  there: string | null;
  resolution_code: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

const DIFFERENCE_COLUMNS = `difference_no, kind, line, record_id, household_key, case_id,
  trim(township_code) AS township_code, trim(village_code) AS village_code, here, there,
  resolution_code, resolved_by, resolved_at`;

/** Imports of the national system's export and the differences found (`national_*` tables). */
@Injectable()
export class NationalReconciliationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The households monitored here in the county (or one township): each household's latest run
   * that was included, with its inclusion's national record number.
   */
  async monitored(countyCode: string, townshipCode: string | null): Promise<MonitoredHousehold[]> {
    return this.dataSource.query<MonitoredHousehold[]>(
      `SELECT DISTINCT ON (c.household_key) c.case_id, c.household_key,
         trim(c.township_code) AS township_code, trim(c.village_code) AS village_code,
         c.household_class, c.status, n.entry_id AS record_id
       FROM cases c
       LEFT JOIN national_entries n ON n.run_id = c.run_id AND n.event = 'inclusion'
       WHERE c.county_code = $1 AND ($2::text IS NULL OR c.township_code = $2)
         AND c.status IN ('included', 'risk-eliminated')
       ORDER BY c.household_key, c.opened_at DESC`,
      [countyCode, townshipCode],
    );
  }

  /** Stores an import, its rows and its differences, in the transaction `db`. */
  async store(
    r: {
      reconciliationId: string;
      countyCode: string;
      townshipCode: string | null;
      format: string;
      contentSha256: string;
      importedBy: string;
    },
    rows: readonly ExportRow[],
    differences: readonly NewDifference[],
    db: Queryable,
  ): Promise<void> {
    await db.query(
      `INSERT INTO national_reconciliations (reconciliation_id, county_code, township_code, format,
         content_sha256, row_count, difference_count, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        r.reconciliationId,
        r.countyCode,
        r.townshipCode,
        r.format,
        r.contentSha256,
        rows.length,
        differences.length,
        r.importedBy,
      ],
    );
    await db.query(
      `INSERT INTO national_export_rows (reconciliation_id, line, record_id, household_key,
         township_code, village_code, household_class, mark)
       SELECT $1::text, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::text[], $8::text[])`,
      [
        r.reconciliationId,
        ...unnestArrays(rows, [
          'line',
          'recordId',
          'householdKey',
          'townshipCode',
          'villageCode',
          'householdClass',
          'mark',
        ]),
      ],
    );
    await db.query(
      `INSERT INTO national_differences (reconciliation_id, difference_no, kind, line, record_id,
         household_key, case_id, township_code, village_code, here, there)
       SELECT $1::text, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
      [
        r.reconciliationId,
        differences.map((_, i) => i + 1),
        ...unnestArrays(differences, [
          'kind',
          'line',
          'recordId',
          'householdKey',
          'caseId',
          'townshipCode',
          'villageCode',
          'here',
          'there',
        ]),
      ],
    );
  }

  async find(reconciliationId: string): Promise<ReconciliationRow | undefined> {
    const rows = await this.dataSource.query<ReconciliationRow[]>(
      `SELECT r.reconciliation_id, r.county_code, r.township_code, r.format, r.row_count,
         r.difference_count, r.imported_by, r.imported_at,
         (SELECT count(*)::int FROM national_differences d
          WHERE d.reconciliation_id = r.reconciliation_id AND d.resolved_at IS NULL) AS unresolved
       FROM national_reconciliations r WHERE r.reconciliation_id = $1`,
      [reconciliationId],
    );
    return rows[0];
  }

  /** A page of the differences, in their order, after `after`. */
  async differences(
    reconciliationId: string,
    after: number,
    limit: number,
  ): Promise<DifferenceRow[]> {
    return this.dataSource.query<DifferenceRow[]>(
      `SELECT ${DIFFERENCE_COLUMNS} FROM national_differences
       WHERE reconciliation_id = $1 AND difference_no > $2
       ORDER BY difference_no LIMIT $3`,
      [reconciliationId, after, limit],
    );
  }

  /** One difference, locked for its resolution in the transaction `db`. */
  async differenceForUpdate(
    reconciliationId: string,
    differenceNo: number,
    db: Queryable,
  ): Promise<DifferenceRow | undefined> {
    const rows = await db.query<DifferenceRow[]>(
      `SELECT ${DIFFERENCE_COLUMNS} FROM national_differences
       WHERE reconciliation_id = $1 AND difference_no = $2 FOR UPDATE`,
      [reconciliationId, differenceNo],
    );
    return rows[0];
  }

  /** Resolves a difference (or corrects its resolution); the resolved row. */
  async resolve(
    reconciliationId: string,
    differenceNo: number,
    reasonCode: string,
    by: string,
    db: Queryable,
  ): Promise<DifferenceRow> {
    // An UPDATE answers its returned rows and the count of rows it changed.
    const [rows] = await db.query<[DifferenceRow[], number]>(
      `UPDATE national_differences SET resolution_code = $3, resolved_by = $4, resolved_at = now()
       WHERE reconciliation_id = $1 AND difference_no = $2
       RETURNING ${DIFFERENCE_COLUMNS}`,
      [reconciliationId, differenceNo, reasonCode, by],
    );
    return rows[0] as DifferenceRow;
  }
}
