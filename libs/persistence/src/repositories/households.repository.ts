import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { DivisionCodes } from '@fanpin/contracts';

import type { Queryable } from './database';

/** A household as stored: its village and its head's personal data, sealed. */
export interface HouseholdRow {
  household_key: string;
  village_code: string;
  head_name_sealed: string;
  head_resident_id_sealed: string;
  head_phone_sealed: string | null;
}

/** A household's head as a report names it, sealed. */
export type HouseholdHeadRow = Pick<
  HouseholdRow,
  'household_key' | 'head_name_sealed' | 'head_resident_id_sealed'
>;

/** The households (`households`): one row per household key, its head's data sealed. */
@Injectable()
export class HouseholdsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(householdKey: string): Promise<HouseholdRow | undefined> {
    const [row] = await this.dataSource.query<HouseholdRow[]>(
      `SELECT household_key, village_code, head_name_sealed, head_resident_id_sealed, head_phone_sealed
       FROM households WHERE household_key = $1`,
      [householdKey],
    );
    return row;
  }

  /** The village the household lives in; null when there is no such household. */
  async villageOf(householdKey: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ village_code: string }[]>(
      'SELECT village_code FROM households WHERE household_key = $1',
      [householdKey],
    );
    return row?.village_code ?? null;
  }

  /**
   * Stores a household unless it is known: the first record of it stays. A new household's head is
   * its first member (`headKey`, their member key; `registeredBy`: who reported it), sealed as the
   * head's fields are.
   */
  async insertIfNew(
    household: HouseholdRow,
    headKey: string,
    registeredBy: string,
    db: Queryable = this.dataSource,
  ): Promise<void> {
    await db.query(
      `WITH stored AS (
         INSERT INTO households
           (household_key, village_code, head_name_sealed, head_resident_id_sealed, head_phone_sealed)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (household_key) DO NOTHING
         RETURNING household_key, head_name_sealed, head_resident_id_sealed, created_at
       )
       INSERT INTO household_members (household_key, member_key, name_sealed, resident_id_sealed,
                                      sealed_as, relation, joined_on, joined_reason, joined_by)
       SELECT household_key, $6, head_name_sealed, head_resident_id_sealed, 'head',
              'head', (created_at AT TIME ZONE 'Asia/Shanghai')::date, 'registered', $7
       FROM stored
       ON CONFLICT (member_key) WHERE left_on IS NULL DO NOTHING`,
      [
        household.household_key,
        household.village_code,
        household.head_name_sealed,
        household.head_resident_id_sealed,
        household.head_phone_sealed,
        headKey,
        registeredBy,
      ],
    );
  }

  /** Stores a household founded by a member who left another (分户); false when the key is taken. */
  async insertFounded(household: HouseholdRow, db: Queryable): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      `INSERT INTO households
         (household_key, village_code, head_name_sealed, head_resident_id_sealed, head_phone_sealed)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (household_key) DO NOTHING
       RETURNING household_key`,
      [
        household.household_key,
        household.village_code,
        household.head_name_sealed,
        household.head_resident_id_sealed,
        household.head_phone_sealed,
      ],
    );
    return rows.length === 1;
  }

  /** The household, locked until the transaction ends: its members change one request at a time. */
  async lock(householdKey: string, db: Queryable): Promise<HouseholdRow | undefined> {
    const [row] = await db.query<HouseholdRow[]>(
      `SELECT household_key, village_code, head_name_sealed, head_resident_id_sealed, head_phone_sealed
       FROM households WHERE household_key = $1 FOR UPDATE`,
      [householdKey],
    );
    return row;
  }

  /** A new head (the old one left); the household keeps its key. The old head's phone goes. */
  async setHead(
    householdKey: string,
    nameSealed: string,
    residentIdSealed: string,
    db: Queryable,
  ): Promise<void> {
    await db.query(
      `UPDATE households SET head_name_sealed = $2, head_resident_id_sealed = $3,
         head_phone_sealed = NULL
       WHERE household_key = $1`,
      [householdKey, nameSealed, residentIdSealed],
    );
  }

  /** Whether a household holds the key. */
  async exists(householdKey: string, db: Queryable = this.dataSource): Promise<boolean> {
    const rows = await db.query<unknown[]>('SELECT 1 FROM households WHERE household_key = $1', [
      householdKey,
    ]);
    return rows.length > 0;
  }

  /** Which of `keys` are stored households. */
  async knownKeys(keys: string[]): Promise<string[]> {
    const rows = await this.dataSource.query<{ household_key: string }[]>(
      `SELECT h.household_key FROM households h
       JOIN unnest($1::text[]) AS k(household_key) USING (household_key)`,
      [keys],
    );
    return rows.map((r) => r.household_key);
  }

  /** The heads of the households of `keys`. */
  heads(keys: string[]): Promise<HouseholdHeadRow[]> {
    return this.dataSource.query<HouseholdHeadRow[]>(
      `SELECT household_key, head_name_sealed, head_resident_id_sealed
       FROM households WHERE household_key = ANY($1)`,
      [keys],
    );
  }

  /**
   * Moves a household to another village (迁移), with what follows it: its running case's row
   * (open or included; a closed run keeps the village it ran in) and the open tasks of its case in
   * the inbox. Run in the transaction that also writes the move's audit entry.
   */
  async move(
    householdKey: string,
    caseId: string,
    to: DivisionCodes,
    db: Queryable,
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
}
