import { sqlMigration } from './sql-migration';

/**
 * Every case of a household, whatever its status: batches look up whether each household already
 * has a case being monitored (open or included), set-based over thousands of households at once.
 */
export const CasesByHousehold1764979200000 = sqlMigration('CasesByHousehold1764979200000', {
  up: [`CREATE INDEX cases_household_key_idx ON cases (household_key, status)`],
  down: [`DROP INDEX cases_household_key_idx`],
});
