import { sqlMigration } from './sql-migration';

/**
 * The official working-day calendar past the years the packaged data covers: each year's
 * arrangement (放假调休) as the city bureau enters it from the State Council's notice, with the
 * notice's reference and who entered it (the audit log records each entry too). A year entered
 * again adds its next revision: the latest counts, the earlier ones stay to trace what was used.
 *
 * A task's due date keeps what it was counted from (`due_from`, `due_spec`) and whether a year
 * without arrangement went into it (`due_provisional`), so that it can be counted again when the
 * year's arrangement arrives; `tasks_open_provisional_idx` holds the open ones to recount.
 */
export const CalendarYears1765238400000 = sqlMigration('CalendarYears1765238400000', {
  up: [
    `
      CREATE TABLE calendar_years (
        year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        revision    integer NOT NULL CHECK (revision >= 1),
        holidays    date[] NOT NULL,
        workdays    date[] NOT NULL,
        notice_ref  text NOT NULL,
        entered_by  text NOT NULL,
        entered_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, revision),
        CONSTRAINT calendar_years_apart CHECK (NOT (holidays && workdays))
      )`,
    `
      ALTER TABLE tasks
        ADD COLUMN due_provisional boolean NOT NULL DEFAULT false,
        ADD COLUMN due_from timestamptz,
        ADD COLUMN due_spec jsonb`,
    `
      CREATE INDEX tasks_open_provisional_idx ON tasks (run_id, task_id)
      WHERE status = 'open' AND due_provisional`,
  ],
  down: [
    `DROP INDEX tasks_open_provisional_idx`,
    `ALTER TABLE tasks DROP COLUMN due_provisional, DROP COLUMN due_from, DROP COLUMN due_spec`,
    `DROP TABLE calendar_years`,
  ],
});
