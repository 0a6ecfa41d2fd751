import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The members of each household (家庭成员), the head among them. A member is found by the keyed hash
 * of their resident ID (`member_key`, the same hash a household key is made of), which is unique
 * among current members: a person belongs to one household at a time. Name, ID number and the
 * plan's special-group conditions are sealed. A member who leaves keeps their row with the date,
 * reason and who recorded it, so a household's composition has a history; joins and leaves are also
 * in the audit log.
 *
 * Each stored household's head becomes its first member. Their name and ID are copied as sealed
 * under the head's fields (`sealed_as = 'head'`): the migration needs no key and opens nothing.
 */
export class HouseholdMembers1765670400000 implements MigrationInterface {
  name = 'HouseholdMembers1765670400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE household_members (
        member_id          bigserial PRIMARY KEY,
        household_key      text NOT NULL REFERENCES households (household_key),
        member_key         text NOT NULL,
        name_sealed        text NOT NULL,
        resident_id_sealed text NOT NULL,
        sealed_as          text NOT NULL DEFAULT 'member' CHECK (sealed_as IN ('member', 'head')),
        relation           text NOT NULL,
        conditions_sealed  text,
        joined_on          date NOT NULL,
        joined_reason      text NOT NULL,
        joined_by          text NOT NULL,
        joined_at          timestamptz NOT NULL DEFAULT now(),
        left_on            date,
        left_reason        text,
        left_by            text,
        left_at            timestamptz,
        CHECK ((left_on IS NULL) = (left_reason IS NULL)
           AND (left_on IS NULL) = (left_by IS NULL)
           AND (left_on IS NULL) = (left_at IS NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX household_members_current_idx ON household_members (member_key)
       WHERE left_on IS NULL`,
    );
    await db.query(
      `CREATE INDEX household_members_household_idx ON household_members (household_key, member_id)`,
    );
    await db.query(`
      INSERT INTO household_members (household_key, member_key, name_sealed, resident_id_sealed,
                                     sealed_as, relation, joined_on, joined_reason, joined_by,
                                     joined_at)
      SELECT household_key, household_key, head_name_sealed, head_resident_id_sealed, 'head',
             'head', (created_at AT TIME ZONE 'Asia/Shanghai')::date, 'registered', 'system',
             created_at
      FROM households
      ORDER BY created_at, household_key`);
    // A batch record that founds a household names its head's member key (when it is not the
    // household's own key: the person's hash was taken by a household they have left).
    await db.query('ALTER TABLE alert_batch_records ADD COLUMN member_key text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE alert_batch_records DROP COLUMN member_key');
    await db.query('DROP TABLE household_members');
  }
}
