import { Client, escapeIdentifier as id, escapeLiteral } from 'pg';

/** A login role: its name and password, as a connection URL carries them. */
export interface LoginRole {
  name: string;
  password: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The role (user name and password) a postgres URL connects as. */
export function roleOfUrl(url: string): LoginRole {
  const parsed = new URL(url);
  return {
    name: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/** `url` with another user and password: the same server and database. */
export function urlForRole(url: string, role: LoginRole): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role.name);
  parsed.password = encodeURIComponent(role.password);
  return parsed.toString();
}

function checkName(name: string): string {
  if (!ROLE_NAME.test(name)) throw new Error(`bad role name ${JSON.stringify(name)}`);
  return name;
}

async function withClient<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url, application_name: 'fanpin-monitor-roles' });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

async function isSuperuser(db: Client): Promise<boolean> {
  const { rows } = await db.query<{ rolsuper: boolean }>(
    'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
  );
  return rows[0]?.rolsuper === true;
}

/**
 * Creates the login role, or brings an existing one back to exactly these rights and this password.
 * The password goes into the statement (roles take no bind parameters); it is never logged here.
 */
async function upsertLoginRole(db: Client, role: LoginRole, extra: 'CREATEDB' | '') {
  const superuser = await isSuperuser(db);
  // Only a superuser may name these attributes; a CREATEROLE user's new roles lack them anyway.
  const attributes = superuser
    ? `LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS ${extra || 'NOCREATEDB'}`
    : `LOGIN ${extra}`;
  const body = `${id(checkName(role.name))} WITH ${attributes} PASSWORD ${escapeLiteral(role.password)}`;
  try {
    await db.query(`CREATE ROLE ${body}`);
  } catch (error) {
    // 42710: it exists (perhaps created a moment ago by a concurrent run).
    if ((error as { code?: string }).code !== '42710') throw error;
    await db.query(`ALTER ROLE ${body}`);
  }
  if (!superuser) await db.query(`GRANT ${id(role.name)} TO CURRENT_USER`);
}

/**
 * Hands every object of schema `public` that `owner` does not own to `owner`: a database created
 * before the roles existed (everything owned by the one superuser) is taken over. Returns the tables
 * it took over. Sequences of a column follow their table.
 */
async function adoptSchema(db: Client, owner: string): Promise<string[]> {
  const owned = `pg_get_userbyid(c.relowner) <> ${escapeLiteral(owner)}`;
  const inPublic = `c.relnamespace = 'public'::regnamespace`;
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE ${inPublic} AND ${owned} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
  );
  for (const { name } of tables) await db.query(`ALTER TABLE ${id(name)} OWNER TO ${id(owner)}`);
  const { rows: sequences } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE ${inPublic} AND ${owned} AND c.relkind = 'S'`,
  );
  for (const { name } of sequences) {
    await db.query(`ALTER SEQUENCE ${id(name)} OWNER TO ${id(owner)}`);
  }
  const { rows: functions } = await db.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace
        AND pg_get_userbyid(p.proowner) <> ${escapeLiteral(owner)}`,
  );
  for (const { signature } of functions) {
    await db.query(`ALTER ROUTINE ${signature} OWNER TO ${id(owner)}`);
  }
  return tables.map((t) => t.name);
}

/**
 * The application database's two roles, set up through an administrator's connection (a superuser,
 * or a role with CREATEROLE) to that database. Idempotent; safe on every start.
 *
 * - `owner` owns schema `public` and everything in it, and runs the migrations;
 * - `app` is what the services connect as: it owns nothing and gets its rights on tables from the
 *   owner's default privileges (see `applyAccessPolicy`).
 *
 * Objects left from a one-user database are handed to `owner`, and `app` gets the usual rights on
 * those tables (the migration runner then narrows the append-only ones).
 */
export async function prepareDatabaseRoles(
  adminUrl: string,
  roles: { owner: LoginRole; app: LoginRole },
): Promise<void> {
  if (roles.owner.name === roles.app.name) {
    throw new Error('the owner and the application must be different roles');
  }
  await withClient(adminUrl, async (db) => {
    await upsertLoginRole(db, roles.owner, '');
    await upsertLoginRole(db, roles.app, '');
    const owner = id(roles.owner.name);
    const app = id(roles.app.name);
    const { rows } = await db.query<{ db: string }>('SELECT current_database() AS db');
    const database = id(rows[0]?.db ?? '');
    await db.query(`GRANT CONNECT ON DATABASE ${database} TO ${owner}, ${app}`);
    await db.query(`ALTER SCHEMA public OWNER TO ${owner}`);
    await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await db.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    const adopted = await adoptSchema(db, roles.owner.name);
    if (adopted.length > 0) {
      await db.query(`GRANT SELECT, INSERT, UPDATE ON ${adopted.map(id).join(', ')} TO ${app}`);
      await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    }
  });
}

/**
 * Temporal's own login role (with CREATEDB: Temporal's setup creates its databases, which it then
 * owns). Databases of `databases` that already exist, from a one-user installation, are handed over.
 */
export async function prepareTemporalRole(
  adminUrl: string,
  role: LoginRole,
  databases: readonly string[],
): Promise<void> {
  const existing = await withClient(adminUrl, async (db) => {
    await upsertLoginRole(db, role, 'CREATEDB');
    const { rows } = await db.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = ANY($1)',
      [databases],
    );
    for (const { datname } of rows) {
      await db.query(`ALTER DATABASE ${id(datname)} OWNER TO ${id(role.name)}`);
    }
    return rows.map((r) => r.datname);
  });
  for (const database of existing) {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    await withClient(url.toString(), async (db) => {
      await db.query(`ALTER SCHEMA public OWNER TO ${id(role.name)}`);
      await adoptSchema(db, role.name);
    });
  }
}

/** Drops the two roles of a throwaway database (after the database itself is gone). */
export async function dropDatabaseRoles(adminUrl: string, names: readonly string[]): Promise<void> {
  await withClient(adminUrl, async (db) => {
    for (const name of names) await db.query(`DROP ROLE IF EXISTS ${id(checkName(name))}`);
  });
}
