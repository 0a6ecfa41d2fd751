import type { DivisionCodes } from '@fanpin/contracts';

/** What runs a query: the data source, or a transaction's entity manager. */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * Moves a household to another village (迁移), with what follows it: its running case's row (open or
 * included; a closed run keeps the village it ran in) and the open tasks of its case in the inbox.
 * Run in the transaction that also writes the move's audit entry.
 */
export async function moveHousehold(
  db: Queryable,
  householdKey: string,
  caseId: string,
  to: DivisionCodes,
): Promise<void> {
  await db.query(`UPDATE households SET village_code = $2 WHERE household_key = $1`, [
    householdKey,
    to.villageCode,
  ]);
  await db.query(
    `UPDATE cases SET county_code = $2, township_code = $3, village_code = $4
     WHERE household_key = $1 AND status IN ('open', 'included')`,
    [householdKey, to.countyCode, to.townshipCode, to.villageCode],
  );
  await db.query(
    `UPDATE tasks SET county_code = $2, township_code = $3, village_code = $4, updated_at = now()
     WHERE case_id = $1 AND status = 'open'`,
    [caseId, to.countyCode, to.townshipCode, to.villageCode],
  );
}
