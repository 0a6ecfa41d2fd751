import type { MigrationInterface, QueryRunner } from 'typeorm';

import { PiiCipher, PiiFields } from '../pii/pii-cipher';

/**
 * Accounts, the audit log, and personal data sealed at rest: the household head's name and resident
 * ID number move into encrypted columns (a phone number joins them). Rows written before this
 * migration are encrypted in place with PII_ENCRYPTION_KEY from the environment.
 */
export class AccessAndPersonalData1764547200000 implements MigrationInterface {
  name = 'AccessAndPersonalData1764547200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE households
        ADD COLUMN head_name_sealed text,
        ADD COLUMN head_resident_id_sealed text,
        ADD COLUMN head_phone_sealed text`);
    await this.sealExistingRows(db);
    await db.query(`
      ALTER TABLE households
        DROP COLUMN head_name,
        DROP COLUMN head_resident_id,
        ALTER COLUMN head_name_sealed SET NOT NULL,
        ALTER COLUMN head_resident_id_sealed SET NOT NULL`);
    await db.query(`CREATE INDEX households_village_code_idx ON households (village_code)`);

    await db.query(`
      CREATE TABLE accounts (
        account_id    text PRIMARY KEY CHECK (account_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        kind          text NOT NULL CHECK (kind IN ('staff', 'integration')),
        role          text NOT NULL,
        division_code text,
        org           text,
        household_key text,
        password_hash text,
        secret_hash   text,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until  timestamptz,
        disabled_at   timestamptz,
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'staff') = (password_hash IS NOT NULL)),
        CHECK ((kind = 'integration') = (secret_hash IS NOT NULL))
      )`);
    await db.query(`
      CREATE TABLE audit_log (
        id             bigserial PRIMARY KEY,
        at             timestamptz NOT NULL DEFAULT now(),
        kind           text NOT NULL,
        outcome        text NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
        actor_id       text,
        actor_role     text,
        method         text,
        route          text,
        target         text,
        reason         text,
        correlation_id text
      )`);
    await db.query(`CREATE INDEX audit_log_kind_idx ON audit_log (kind, id)`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id)`);
    await db.query(`CREATE INDEX audit_log_target_idx ON audit_log (target, id)`);
    await db.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  private async sealExistingRows(db: QueryRunner): Promise<void> {
    const rows = (await db.query(
      `SELECT household_key, head_name, head_resident_id FROM households`,
    )) as { household_key: string; head_name: string; head_resident_id: string }[];
    if (rows.length === 0) return;
    const key = process.env.PII_ENCRYPTION_KEY;
    if (!key) {
      throw new Error(
        `households holds ${rows.length} rows with personal data in the clear: run the migrations with PII_ENCRYPTION_KEY set to encrypt them`,
      );
    }
    const cipher = new PiiCipher(key);
    for (const row of rows) {
      await db.query(
        `UPDATE households SET head_name_sealed = $2, head_resident_id_sealed = $3
         WHERE household_key = $1`,
        [
          row.household_key,
          cipher.encrypt(row.head_name, PiiFields.headName),
          cipher.encrypt(row.head_resident_id, PiiFields.headResidentId),
        ],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP FUNCTION audit_log_append_only`);
    await db.query(`DROP TABLE accounts`);
    await db.query(`DROP INDEX households_village_code_idx`);
    // Sealed values cannot be decrypted here without the key: going down loses them.
    await db.query(`
      ALTER TABLE households
        DROP COLUMN head_name_sealed,
        DROP COLUMN head_resident_id_sealed,
        DROP COLUMN head_phone_sealed,
        ADD COLUMN head_name text NOT NULL DEFAULT '',
        ADD COLUMN head_resident_id text NOT NULL DEFAULT ''`);
  }
}
