import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every case of a household, whatever its status: batches look up whether each household already
 * has a case being monitored (open or included), set-based over thousands of households at once.
 */
export class CasesByHousehold1764979200000 implements MigrationInterface {
  name = 'CasesByHousehold1764979200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX cases_household_key_idx ON cases (household_key, status)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX cases_household_key_idx`);
  }
}
