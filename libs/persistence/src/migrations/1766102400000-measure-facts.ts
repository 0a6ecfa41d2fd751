import { sqlMigration } from './sql-migration';

/**
 * What measures give (plan §5), and the responsible units' parts:
 * - a measure keeps its facts (`facts`: the loan, the post and its pay, 低保 or 特困 granted, the
 *   policy bought…; codes and yuan only, as the plan and the lead department's reports state them)
 *   and when it was done, so the yearly report sums a year's done measures per township in one
 *   range scan of `assistance_measures_done_idx`;
 * - a task of the inbox may belong to a measure (`measure_id`): the lead department's, and each
 *   responsible unit's part, whose inbox shows the measure beside it.
 */
export const MeasureFacts1766102400000 = sqlMigration('MeasureFacts1766102400000', {
  up: [
    `ALTER TABLE assistance_measures ADD COLUMN facts jsonb`,
    `ALTER TABLE assistance_measures ADD COLUMN done_at timestamptz`,
    `CREATE INDEX assistance_measures_done_idx ON assistance_measures (done_at)
       WHERE status = 'done'`,
    `ALTER TABLE tasks ADD COLUMN measure_id text`,
  ],
  down: [
    `ALTER TABLE tasks DROP COLUMN measure_id`,
    `DROP INDEX assistance_measures_done_idx`,
    `ALTER TABLE assistance_measures DROP COLUMN done_at`,
    `ALTER TABLE assistance_measures DROP COLUMN facts`,
  ],
});
