import type { QueryRunner } from 'typeorm';

/**
 * Tables the application may only add to and read: the audit log and the case history (每一步的记录).
 * Their triggers refuse changes from anyone; the missing privileges make that hold against the
 * application's role even if a trigger were dropped.
 */
export const appendOnlyTables = ['audit_log', 'case_events'] as const;

/** What the application's role may do on every other table the owner creates. */
export const applicationTablePrivileges = ['SELECT', 'INSERT', 'UPDATE'] as const;

/** TypeORM's record of applied migrations. */
export const MIGRATIONS_TABLE = 'schema_migrations';

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Run as the owner before the migrations: every table and sequence the owner creates from now on is
 * usable by `appRole` (default privileges), and nobody but the owner creates anything in `public`.
 * No DELETE: no code deletes rows; a table whose rows the application deletes grants it in its
 * migration.
 */
export async function grantsForNewTables(db: QueryRunner, appRole: string): Promise<void> {
  const rows = (await db.query('SELECT current_user AS current')) as { current: string }[];
  if (rows[0]?.current === appRole) {
    throw new Error('the migrations must run as the owner role, not as the application role');
  }
  const app = quote(appRole);
  await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  await db.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  await db.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public
       GRANT ${applicationTablePrivileges.join(', ')} ON TABLES TO ${app}`,
  );
  await db.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
  );
}

/**
 * Run as the owner after the migrations: the append-only tables are INSERT and SELECT only, and the
 * migration bookkeeping is none of the application's business.
 */
export async function narrowAppendOnlyTables(db: QueryRunner, appRole: string): Promise<void> {
  const app = quote(appRole);
  const tables = appendOnlyTables.map(quote).join(', ');
  await db.query(`REVOKE ALL ON ${tables} FROM ${app}`);
  await db.query(`GRANT SELECT, INSERT ON ${tables} TO ${app}`);
  await db.query(`REVOKE ALL ON ${quote(MIGRATIONS_TABLE)} FROM ${app}`);
  const rows = (await db.query(`SELECT pg_get_serial_sequence($1, 'id') AS sequence`, [
    MIGRATIONS_TABLE,
  ])) as { sequence: string | null }[];
  const sequence = rows[0]?.sequence;
  if (sequence) await db.query(`REVOKE ALL ON SEQUENCE ${sequence} FROM ${app}`);
}
