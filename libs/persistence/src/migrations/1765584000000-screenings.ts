import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every cadre screening (干部排查), the ones that found no risk too: who visited which household
 * (its keyed hash only), where and when, what the rules suggested and what the cadre decided. A
 * village's screening coverage (plan §6.4) is read from here; a reported screening also goes on as
 * an alert, as before.
 */
export class Screenings1765584000000 implements MigrationInterface {
  name = 'Screenings1765584000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE screenings (
        screening_id text PRIMARY KEY,
        household_key text NOT NULL,
        county_code char(6) NOT NULL,
        township_code char(9) NOT NULL,
        village_code char(12) NOT NULL,
        decision text NOT NULL CHECK (decision IN ('report', 'no-risk')),
        suggested_report boolean NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      'CREATE INDEX screenings_village_idx ON screenings (village_code, recorded_at, household_key)',
    );
    await db.query(
      'CREATE INDEX screenings_township_idx ON screenings (township_code, recorded_at)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE screenings');
  }
}
