import type { QueryRunner } from 'typeorm';

import { PiiCipher, PiiFields } from '../pii/pii-cipher';
import { appendOnly, sqlMigration } from './sql-migration';

/** Encrypts the personal data of rows written before this migration, in place. */
async function sealExistingRows(db: QueryRunner): Promise<void> {
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

/**
 * Accounts, the audit log, and personal data sealed at rest: the household head's name and resident
 * ID number move into encrypted columns (a phone number joins them). Rows written before this
 * migration are encrypted in place with PII_ENCRYPTION_KEY from the environment.
 */
export const AccessAndPersonalData1764547200000 = sqlMigration(
  'AccessAndPersonalData1764547200000',
  {
    up: [
      `
      ALTER TABLE households
        ADD COLUMN head_name_sealed text,
        ADD COLUMN head_resident_id_sealed text,
        ADD COLUMN head_phone_sealed text`,
      sealExistingRows,
      `
      ALTER TABLE households
        DROP COLUMN head_name,
        DROP COLUMN head_resident_id,
        ALTER COLUMN head_name_sealed SET NOT NULL,
        ALTER COLUMN head_resident_id_sealed SET NOT NULL`,
      `CREATE INDEX households_village_code_idx ON households (village_code)`,

      `
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
      )`,
      `
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
      )`,
      `CREATE INDEX audit_log_kind_idx ON audit_log (kind, id)`,
      `CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id)`,
      `CREATE INDEX audit_log_target_idx ON audit_log (target, id)`,
      ...appendOnly('audit_log', 'UPDATE OR DELETE OR TRUNCATE', 'STATEMENT'),
    ],
    down: [
      `DROP TABLE audit_log`,
      `DROP FUNCTION audit_log_append_only`,
      `DROP TABLE accounts`,
      `DROP INDEX households_village_code_idx`,
      // Sealed values cannot be decrypted here without the key: going down loses them.
      `
      ALTER TABLE households
        DROP COLUMN head_name_sealed,
        DROP COLUMN head_resident_id_sealed,
        DROP COLUMN head_phone_sealed,
        ADD COLUMN head_name text NOT NULL DEFAULT '',
        ADD COLUMN head_resident_id text NOT NULL DEFAULT ''`,
    ],
  },
);
