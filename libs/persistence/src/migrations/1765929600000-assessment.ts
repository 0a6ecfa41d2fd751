import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervisors' assessment (督导考核) counts per township what happened in a period: tasks
 * closed in it (a closed task's `updated_at` is when it was closed; the inbox never writes a closed
 * row again) and case runs opened in it. Each index makes that a range scan of the period, whatever
 * the tables hold from other periods; open tasks due before the period's end are already a range
 * of `tasks_open_due_idx`.
 */
export class Assessment1765929600000 implements MigrationInterface {
  name = 'Assessment1765929600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX tasks_closed_idx ON tasks (updated_at, township_code) WHERE status <> 'open'`,
    );
    await db.query(`CREATE INDEX cases_opened_idx ON cases (opened_at, township_code)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX cases_opened_idx`);
    await db.query(`DROP INDEX tasks_closed_idx`);
  }
}
