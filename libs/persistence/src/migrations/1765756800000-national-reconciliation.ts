import type { MigrationInterface, QueryRunner } from 'typeorm';

import { stagesOfTasks } from './1765497600000-case-read-model';
import { caseStageOfTask, type StagesOfTasks } from './sql-migration';

/** The stages of tasks, and the township's keying task (national-entry) beside the city's. */
const withNationalEntry: StagesOfTasks = Object.fromEntries(
  Object.entries(stagesOfTasks).flatMap((entry) =>
    entry[0] === 'manual-national-entry' ? [entry, ['national-entry', entry[1]]] : [entry],
  ),
);

/**
 * The national system as it is used: most entries are keyed in by townships, so each entry says
 * who made it (the adapter, the city bureau after a refusal, or the township) and on which day; a
 * township's keying task sets the case's stage as the city's manual entry does. The city bureau
 * reconciles with the national system's export: each import (its rows with the head's ID number
 * only as the household's keyed hash) and the differences found, each resolved with a reason code.
 */
export class NationalReconciliation1765756800000 implements MigrationInterface {
  name = 'NationalReconciliation1765756800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE national_entries
        ADD COLUMN keyed_by text NOT NULL DEFAULT 'adapter'
          CHECK (keyed_by IN ('adapter', 'city', 'township')),
        ADD COLUMN keyed_on date`);
    // Entries the city bureau keyed after a refusal, from before the column.
    await db.query(`
      UPDATE national_entries n SET keyed_by = 'city'
      FROM case_events e
      WHERE e.run_id = n.run_id AND e.kind = 'manual-national-entry'
        AND e.detail->>'entryId' = n.entry_id`);
    await db.query(caseStageOfTask('CREATE OR REPLACE', withNationalEntry));
    await db.query(`
      CREATE TABLE national_reconciliations (
        reconciliation_id text PRIMARY KEY,
        county_code char(6) NOT NULL,
        township_code char(9),
        format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'json')),
        content_sha256 text NOT NULL,
        row_count integer NOT NULL,
        difference_count integer NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE national_export_rows (
        reconciliation_id text NOT NULL REFERENCES national_reconciliations,
        line integer NOT NULL,
        record_id text NOT NULL,
        household_key text NOT NULL,
        township_code char(9) NOT NULL,
        village_code char(12) NOT NULL,
        household_class text NOT NULL,
        mark text NOT NULL,
        PRIMARY KEY (reconciliation_id, line)
      )`);
    await db.query(`
      CREATE TABLE national_differences (
        reconciliation_id text NOT NULL REFERENCES national_reconciliations,
        difference_no integer NOT NULL,
        kind text NOT NULL CHECK (kind IN
          ('missing-here', 'missing-there', 'record-differs', 'class-differs', 'mark-differs')),
        line integer,
        record_id text,
        household_key text NOT NULL,
        case_id text,
        township_code char(9) NOT NULL,
        village_code char(12) NOT NULL,
        here text,
        there text,
        resolution_code text,
        resolved_by text,
        resolved_at timestamptz,
        PRIMARY KEY (reconciliation_id, difference_no)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE national_differences');
    await db.query('DROP TABLE national_export_rows');
    await db.query('DROP TABLE national_reconciliations');
    await db.query(caseStageOfTask('CREATE OR REPLACE', stagesOfTasks));
    await db.query('ALTER TABLE national_entries DROP COLUMN keyed_by, DROP COLUMN keyed_on');
  }
}
