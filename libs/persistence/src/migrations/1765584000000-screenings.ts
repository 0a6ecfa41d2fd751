import { sqlMigration } from './sql-migration';

/**
 * Every cadre screening (干部排查), the ones that found no risk too: who visited which household
 * (its keyed hash only), where and when, what the rules suggested and what the cadre decided. A
 * village's screening coverage (plan §6.4) is read from here; a reported screening also goes on as
 * an alert, as before.
 */
export const Screenings1765584000000 = sqlMigration('Screenings1765584000000', {
  up: [
    `
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
      )`,
    'CREATE INDEX screenings_village_idx ON screenings (village_code, recorded_at, household_key)',
    'CREATE INDEX screenings_township_idx ON screenings (township_code, recorded_at)',
  ],
  down: ['DROP TABLE screenings'],
});
