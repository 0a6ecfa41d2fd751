import { randomBytes, randomUUID } from 'node:crypto';

import { Client, type DatabaseError } from 'pg';

import { ServiceNames } from '@fanpin/devstack';
import { appendOnlyTables, MIGRATIONS_TABLE, roleOfUrl } from '@fanpin/persistence';

import { suiteSystem } from '../../support/harness';

/** 42501 insufficient_privilege: refused by PostgreSQL's rights, not by a trigger. */
const NOT_ALLOWED = '42501';

/** Every table of `public` and what `role` may do with it, as the catalog says. */
async function tableRights(db: Client, role: string) {
  const { rows } = await db.query<{
    name: string;
    owner: string;
    select: boolean;
    insert: boolean;
    update: boolean;
    delete: boolean;
    truncate: boolean;
    trigger: boolean;
    references: boolean;
  }>(
    `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner,
            has_table_privilege($1, c.oid, 'SELECT') AS select,
            has_table_privilege($1, c.oid, 'INSERT') AS insert,
            has_table_privilege($1, c.oid, 'UPDATE') AS update,
            has_table_privilege($1, c.oid, 'DELETE') AS delete,
            has_table_privilege($1, c.oid, 'TRUNCATE') AS truncate,
            has_table_privilege($1, c.oid, 'TRIGGER') AS trigger,
            has_table_privilege($1, c.oid, 'REFERENCES') AS references
       FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      ORDER BY 1`,
    [role],
  );
  return rows;
}

/**
 * What is wrong with the application role's rights, table by table: each table owned by the owner
 * role; the append-only ones readable and insertable only; every other one readable, insertable and
 * updatable (the code's queries need no more); nothing truncatable or open to new triggers; every
 * sequence usable. A table created without the grants shows up here.
 */
async function problems(db: Client, app: string, owner: string): Promise<string[]> {
  const found: string[] = [];
  for (const t of await tableRights(db, app)) {
    if (t.owner !== owner) found.push(`${t.name}: owned by ${t.owner}, not ${owner}`);
    if (t.name === MIGRATIONS_TABLE) {
      if (t.select || t.insert || t.update || t.delete) found.push(`${t.name}: open to ${app}`);
      continue;
    }
    const appendOnly = (appendOnlyTables as readonly string[]).includes(t.name);
    const needed = { select: true, insert: true, update: !appendOnly };
    for (const [right, wanted] of Object.entries(needed)) {
      const has = t[right as keyof typeof needed];
      if (has !== wanted) found.push(`${t.name}: ${right} ${has ? 'granted' : 'missing'}`);
    }
    const refused: ('truncate' | 'trigger' | 'delete')[] = ['truncate', 'trigger'];
    if (appendOnly) refused.push('delete');
    for (const right of refused) {
      if (t[right]) found.push(`${t.name}: ${right} granted`);
    }
  }
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
        -- CASE: the planner may test rows of other kinds first, and those are no sequences.
        AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege($1, c.oid, 'USAGE') END
        AND c.oid::regclass IS DISTINCT FROM pg_get_serial_sequence($2, 'id')::regclass`,
    [app, MIGRATIONS_TABLE],
  );
  return [...found, ...rows.map((s) => `${s.name}: sequence not usable`)];
}

/**
 * Finding 6 of "close the trust boundary": the audit log's append-only promise was a trigger the
 * application's own database user could disable. The services now connect as a role that owns
 * nothing and holds only INSERT and SELECT on the audit log and the case history (case_events);
 * the migrations run as an owner role.
 */
describe('trust boundary: database roles', () => {
  const t = suiteSystem('database-roles');
  /** Connected as the services are: their own DATABASE_URL. */
  let app: Client;
  /** The administrator's connection the test stack hands the suites. */
  let admin: Client;
  let appRole: string;
  let ownerRole: string;

  beforeAll(async () => {
    const servicesUrl = t.system.services.api.spec.env.DATABASE_URL;
    if (!servicesUrl) throw new Error('the API has no DATABASE_URL');
    appRole = roleOfUrl(servicesUrl).name;
    app = new Client({ connectionString: servicesUrl });
    admin = new Client({ connectionString: process.env.FANPIN_TEST_DATABASE_URL });
    await Promise.all([app.connect(), admin.connect()]);
    const { rows } = await admin.query<{ owner: string }>(
      `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_log'`,
    );
    ownerRole = rows[0]!.owner;
  });

  afterAll(async () => {
    await Promise.all([app?.end(), admin?.end()]);
  });

  /** Runs `sql` as the application inside a savepoint; resolves with the error code, if any. */
  async function attempt(sql: string, params: unknown[] = []): Promise<string | undefined> {
    await app.query('SAVEPOINT attempt');
    try {
      await app.query(sql, params);
      await app.query('RELEASE SAVEPOINT attempt');
      return undefined;
    } catch (error) {
      await app.query('ROLLBACK TO SAVEPOINT attempt');
      return (error as DatabaseError).code ?? 'unknown';
    }
  }

  it('is the role every database-using service connects with, and not the owner', async () => {
    // Every process but the national system's simulator.
    for (const name of ServiceNames.filter((n) => n !== 'national-sim')) {
      const url = t.system.services[name].spec.env.DATABASE_URL;
      expect(url && roleOfUrl(url).name).toBe(appRole);
    }
    expect(appRole).not.toBe(ownerRole);
    const { rows } = await admin.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'fanpin-monitor'`,
    );
    expect(rows.map((r) => r.usename)).toContain(appRole);
  });

  it('is not a superuser, cannot make roles or databases, and owns nothing', async () => {
    const { rows } = await app.query<Record<string, boolean>>(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
         FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows).toEqual([
      {
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolreplication: false,
        rolbypassrls: false,
      },
    ]);
    const owned = await app.query<{ what: string }>(
      `SELECT relname AS what FROM pg_class WHERE relowner = current_user::regrole
       UNION ALL SELECT proname FROM pg_proc WHERE proowner = current_user::regrole
       UNION ALL SELECT nspname FROM pg_namespace WHERE nspowner = current_user::regrole
       UNION ALL SELECT tablename FROM pg_tables
        WHERE schemaname = 'public' AND pg_has_role(current_user, tableowner, 'USAGE')`,
    );
    expect(owned.rows).toEqual([]);
  });

  it('can add to and read the audit log and the case history, but not change, empty or drop them', async () => {
    const household = `dbroles-${randomBytes(6).toString('hex')}`;
    const runId = randomUUID();
    await app.query('BEGIN');
    try {
      // A case to hang history on, written as the services write one.
      await app.query(
        `INSERT INTO households (household_key, village_code, head_name_sealed, head_resident_id_sealed)
         VALUES ($1, '220681100200', 'sealed', 'sealed')`,
        [household],
      );
      await app.query(
        `INSERT INTO cases (run_id, case_id, household_key, county_code, township_code, village_code,
                            channel, policy_version, status)
         VALUES ($1, $2, $3, '220681', '220681100', '220681100200', 'test', 'test', 'open')`,
        [runId, `CASE-${household}`, household],
      );
      const audit = await app.query<{ id: string }>(
        `INSERT INTO audit_log (kind, outcome, reason) VALUES ('test.database-roles', 'ok', $1)
         RETURNING id`,
        [household],
      );
      const event = await app.query<{ id: string }>(
        `INSERT INTO case_events (run_id, case_id, kind, step_id, actor)
         VALUES ($1, $2, 'test', 'step-1', 'test') RETURNING id`,
        [runId, `CASE-${household}`],
      );
      const rows = {
        audit_log: audit.rows[0]!.id,
        case_events: event.rows[0]!.id,
      };
      for (const [table, id] of Object.entries(rows)) {
        const read = await app.query(`SELECT id FROM ${table} WHERE id = $1`, [id]);
        expect(read.rows).toHaveLength(1);
        const refused = {
          update: await attempt(`UPDATE ${table} SET kind = 'forged' WHERE id = $1`, [id]),
          delete: await attempt(`DELETE FROM ${table} WHERE id = $1`, [id]),
          truncate: await attempt(`TRUNCATE ${table}`),
          disableTriggers: await attempt(`ALTER TABLE ${table} DISABLE TRIGGER ALL`),
          dropTrigger: await attempt(`DROP TRIGGER ${table}_no_change ON ${table}`),
          alter: await attempt(`ALTER TABLE ${table} ADD COLUMN forged text`),
          newTrigger: await attempt(
            `CREATE TRIGGER forged BEFORE INSERT ON ${table}
             FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()`,
          ),
          drop: await attempt(`DROP TABLE ${table}`),
          takeOver: await attempt(`ALTER TABLE ${table} OWNER TO CURRENT_USER`),
        };
        expect({ table, ...refused }).toEqual({
          table,
          ...Object.fromEntries(Object.keys(refused).map((k) => [k, NOT_ALLOWED])),
        });
        // Without the grant option this grants nothing (PostgreSQL only warns).
        await attempt(`GRANT UPDATE, DELETE ON ${table} TO CURRENT_USER`);
        const rights = await app.query(
          `SELECT has_table_privilege($1, 'UPDATE') OR has_table_privilege($1, 'DELETE') AS any`,
          [table],
        );
        expect(rights.rows).toEqual([{ any: false }]);
        const still = await app.query(`SELECT kind FROM ${table} WHERE id = $1`, [id]);
        expect(still.rows).toEqual([
          { kind: table === 'audit_log' ? 'test.database-roles' : 'test' },
        ]);
      }
      // Triggers cannot be switched off for the session either.
      expect(await attempt('SET session_replication_role = replica')).toBe(NOT_ALLOWED);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('cannot create tables or functions of its own in the schema', async () => {
    await app.query('BEGIN');
    try {
      expect(await attempt('CREATE TABLE forged (x int)')).toBe(NOT_ALLOWED);
      expect(
        await attempt('CREATE FUNCTION forged() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$'),
      ).toBe(NOT_ALLOWED);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('has on every table exactly what the code needs', async () => {
    const tables = await tableRights(admin, appRole);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...appendOnlyTables]));
    expect(await problems(admin, appRole, ownerRole)).toEqual([]);
  });

  it('gets those rights on a table the owner creates later, and the check catches one without', async () => {
    const suffix = randomBytes(4).toString('hex');
    await admin.query('BEGIN');
    try {
      // As a future migration would: the owner's default privileges must cover the new table.
      await admin.query(`SET LOCAL ROLE ${ownerRole}`);
      await admin.query(`CREATE TABLE roles_probe_owner_${suffix} (id bigserial PRIMARY KEY)`);
      await admin.query('RESET ROLE');
      // Made by someone other than the owner: no grants follow, and the check must say so.
      await admin.query(`CREATE TABLE roles_probe_other_${suffix} (id int)`);
      expect(await problems(admin, appRole, ownerRole)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^roles_probe_other_${suffix}: owned by`)),
          `roles_probe_other_${suffix}: select missing`,
        ]),
      );
      const found = await problems(admin, appRole, ownerRole);
      expect(found.filter((p) => p.includes(`roles_probe_owner_${suffix}`))).toEqual([]);
    } finally {
      await admin.query('ROLLBACK');
    }
  });
});
