import { sqlMigration } from './sql-migration';

/**
 * Sector-bureau batches (plan §4.2): a batch is stored before it is processed, so nothing accepted
 * is lost. Its records go in with one COPY: valid ones keyed and sealed like single alerts, refused
 * ones with their line, field and reason only (no personal data of a refused line is kept). The
 * batch workflow then works set-based on these rows: households and alerts inserted in bulk,
 * duplicates found by joins, and only the households that need a case reach Temporal.
 */
export const AlertBatches1764806400000 = sqlMigration('AlertBatches1764806400000', {
  up: [
    `
      CREATE TABLE alert_batches (
        source       text NOT NULL,
        batch_id     text NOT NULL,
        format       text NOT NULL CHECK (format IN ('json', 'csv')),
        digest       text NOT NULL,
        status       text NOT NULL DEFAULT 'received'
          CHECK (status IN ('received', 'dispatching', 'done')),
        total        int NOT NULL,
        rejected     int NOT NULL,
        duplicates   int NOT NULL DEFAULT 0,
        new_cases    int NOT NULL DEFAULT 0,
        attached     int NOT NULL DEFAULT 0,
        dispatched   int NOT NULL DEFAULT 0,
        received_at  timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz,
        PRIMARY KEY (source, batch_id)
      )`,
    `CREATE INDEX alert_batches_pending_idx ON alert_batches (received_at) WHERE status <> 'done'`,
    // No foreign key to alert_batches: COPY into a table with one checks every row; the batch row
    // is written in the same transaction.
    `
      CREATE TABLE alert_batch_records (
        source          text NOT NULL,
        batch_id        text NOT NULL,
        line            int NOT NULL,
        alert_id        text,
        household_key   text,
        village_code    char(12),
        triggers        smallint[],
        income_per_capita numeric(12, 2),
        rigid_expenses  numeric(12, 2),
        head_name_sealed        text,
        head_resident_id_sealed text,
        head_phone_sealed       text,
        problem_field   text,
        problem_code    text,
        problem_message text,
        outcome         text CHECK (outcome IN ('new-case', 'attached', 'duplicate', 'rejected')),
        dispatched      boolean NOT NULL DEFAULT false,
        PRIMARY KEY (source, batch_id, line)
      )`,
    `ALTER TABLE alerts ADD COLUMN batch_id text`,
    `ALTER TABLE alerts ADD COLUMN batch_line int`,
  ],
  down: [
    `ALTER TABLE alerts DROP COLUMN batch_line`,
    `ALTER TABLE alerts DROP COLUMN batch_id`,
    `DROP TABLE alert_batch_records`,
    `DROP TABLE alert_batches`,
  ],
});
