import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-declarations and cadre screenings are stored beside bureau alerts (`alerts`, their source
 * `self-declaration` or `cadre-screening`), with what their way in adds: the channel (the app, the
 * 12317 hotline, a written form) and a screening's figures and result. Codes and figures only.
 */
export class WaysIn1764892800000 implements MigrationInterface {
  name = 'WaysIn1764892800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE alerts ADD COLUMN detail jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE alerts DROP COLUMN detail`);
  }
}
