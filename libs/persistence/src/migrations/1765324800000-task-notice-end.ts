import { sqlMigration } from './sql-migration';

/**
 * An objection review's row in the inbox carries the end of the public notice (公示) it belongs to,
 * so that the township sees it in its list without asking the case's workflow row by row.
 */
export const TaskNoticeEnd1765324800000 = sqlMigration('TaskNoticeEnd1765324800000', {
  up: [`ALTER TABLE tasks ADD COLUMN notice_ends_at timestamptz`],
  down: [`ALTER TABLE tasks DROP COLUMN notice_ends_at`],
});
