import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';

/** A member of a household as stored: personal data sealed, the join and (once left) the leave. */
export interface HouseholdMemberRow {
  member_id: string;
  household_key: string;
  member_key: string;
  name_sealed: string;
  resident_id_sealed: string;
  /** Which fields the name and ID are sealed under: a head copied from `households`, or a member. */
  sealed_as: 'member' | 'head';
  relation: string;
  conditions_sealed: string | null;
  joined_on: string;
  joined_reason: string;
  joined_by: string;
  joined_at: Date;
  left_on: string | null;
  left_reason: string | null;
  left_by: string | null;
  left_at: Date | null;
}

/** A member to store. */
export interface NewMember {
  householdKey: string;
  memberKey: string;
  nameSealed: string;
  residentIdSealed: string;
  relation: string;
  conditionsSealed: string | null;
  joinedOn: string;
  joinedReason: string;
  joinedBy: string;
}

const COLUMNS = `member_id::text AS member_id, household_key, member_key, name_sealed,
  resident_id_sealed, sealed_as, relation, conditions_sealed, to_char(joined_on, 'YYYY-MM-DD') AS joined_on,
  joined_reason, joined_by, joined_at, to_char(left_on, 'YYYY-MM-DD') AS left_on, left_reason,
  left_by, left_at`;

/**
 * The members of households (`household_members`): who belongs to which household now (a person's
 * member key is unique among current members) and who belonged before.
 */
@Injectable()
export class HouseholdMembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The household `memberKey` belongs to now, if any. */
  async currentHouseholdOf(
    memberKey: string,
    db: Queryable = this.dataSource,
  ): Promise<string | undefined> {
    const [row] = await db.query<{ household_key: string }[]>(
      `SELECT household_key FROM household_members WHERE member_key = $1 AND left_on IS NULL`,
      [memberKey],
    );
    return row?.household_key;
  }

  /** For each of `memberKeys` that is a current member: the household it belongs to. */
  async currentHouseholdsOf(memberKeys: string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ member_key: string; household_key: string }[]>(
      `SELECT m.member_key, m.household_key FROM household_members m
       JOIN unnest($1::text[]) AS k(member_key) USING (member_key)
       WHERE m.left_on IS NULL`,
      [memberKeys],
    );
    return new Map(rows.map((r) => [r.member_key, r.household_key]));
  }

  /** The household's current members, the head first, then in the order they joined. */
  current(householdKey: string, db: Queryable = this.dataSource): Promise<HouseholdMemberRow[]> {
    return db.query<HouseholdMemberRow[]>(
      `SELECT ${COLUMNS} FROM household_members
       WHERE household_key = $1 AND left_on IS NULL
       ORDER BY relation <> 'head', member_id`,
      [householdKey],
    );
  }

  /** Every member the household has had, current and former, in the order they joined. */
  all(householdKey: string): Promise<HouseholdMemberRow[]> {
    return this.dataSource.query<HouseholdMemberRow[]>(
      `SELECT ${COLUMNS} FROM household_members WHERE household_key = $1 ORDER BY member_id`,
      [householdKey],
    );
  }

  /** How many members the household has now. */
  async count(householdKey: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM household_members
       WHERE household_key = $1 AND left_on IS NULL`,
      [householdKey],
    );
    return row?.n ?? 0;
  }

  /** One member of the household, current or former; locked for the transaction's change. */
  async find(
    householdKey: string,
    memberId: string,
    db: Queryable,
  ): Promise<HouseholdMemberRow | undefined> {
    const [row] = await db.query<HouseholdMemberRow[]>(
      `SELECT ${COLUMNS} FROM household_members
       WHERE household_key = $1 AND member_id = $2::bigint FOR UPDATE`,
      [householdKey, memberId],
    );
    return row;
  }

  /** The current member with `memberKey`, in whichever household. */
  async currentByKey(memberKey: string, db: Queryable): Promise<HouseholdMemberRow | undefined> {
    const [row] = await db.query<HouseholdMemberRow[]>(
      `SELECT ${COLUMNS} FROM household_members WHERE member_key = $1 AND left_on IS NULL`,
      [memberKey],
    );
    return row;
  }

  /**
   * Adds a member unless the person is a current member somewhere already (then nothing is
   * stored and undefined comes back): one household at a time, even for two requests at once.
   */
  async add(member: NewMember, db: Queryable): Promise<HouseholdMemberRow | undefined> {
    const [row] = await db.query<HouseholdMemberRow[]>(
      `INSERT INTO household_members (household_key, member_key, name_sealed, resident_id_sealed,
                                      relation, conditions_sealed, joined_on, joined_reason,
                                      joined_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (member_key) WHERE left_on IS NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        member.householdKey,
        member.memberKey,
        member.nameSealed,
        member.residentIdSealed,
        member.relation,
        member.conditionsSealed,
        member.joinedOn,
        member.joinedReason,
        member.joinedBy,
      ],
    );
    return row;
  }

  /** Records that a member left: when, why and who recorded it. */
  async leave(
    memberId: string,
    leftOn: string,
    reason: string,
    by: string,
    db: Queryable,
  ): Promise<void> {
    await db.query(
      `UPDATE household_members SET left_on = $2, left_reason = $3, left_by = $4, left_at = now()
       WHERE member_id = $1::bigint AND left_on IS NULL`,
      [memberId, leftOn, reason, by],
    );
  }

  /** A member's relation to the head (a new head's becomes `head`). */
  async setRelation(memberId: string, relation: string, db: Queryable): Promise<void> {
    await db.query(`UPDATE household_members SET relation = $2 WHERE member_id = $1::bigint`, [
      memberId,
      relation,
    ]);
  }
}
