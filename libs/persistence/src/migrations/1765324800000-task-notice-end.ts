import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An objection review's row in the inbox carries the end of the public notice (公示) it belongs to,
 * so that the township sees it in its list without asking the case's workflow row by row.
 */
export class TaskNoticeEnd1765324800000 implements MigrationInterface {
  name = 'TaskNoticeEnd1765324800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tasks ADD COLUMN notice_ends_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tasks DROP COLUMN notice_ends_at`);
  }
}
