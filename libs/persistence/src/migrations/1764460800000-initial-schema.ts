import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764460800000 implements MigrationInterface {
  name = 'InitialSchema1764460800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE households (
        household_key    text PRIMARY KEY,
        village_code     char(12) NOT NULL,
        head_name        text NOT NULL,
        head_resident_id text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE alerts (
        id            bigserial PRIMARY KEY,
        source        text NOT NULL,
        alert_id      text NOT NULL,
        household_key text NOT NULL REFERENCES households (household_key),
        village_code  char(12) NOT NULL,
        triggers      smallint[] NOT NULL,
        case_id       text,
        dispatched_at timestamptz,
        received_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_source_alert_id_key UNIQUE (source, alert_id)
      )`);
    await db.query(`CREATE INDEX alerts_household_key_idx ON alerts (household_key)`);
    await db.query(
      `CREATE INDEX alerts_undispatched_idx ON alerts (received_at) WHERE dispatched_at IS NULL`,
    );
    await db.query(`
      CREATE TABLE cases (
        run_id          uuid PRIMARY KEY,
        case_id         text NOT NULL,
        household_key   text NOT NULL REFERENCES households (household_key),
        county_code     char(6) NOT NULL,
        township_code   char(9) NOT NULL,
        village_code    char(12) NOT NULL,
        channel         text NOT NULL,
        policy_version  text NOT NULL,
        status          text NOT NULL CHECK (status IN ('open', 'included', 'excluded')),
        household_class text,
        opened_at       timestamptz NOT NULL DEFAULT now(),
        decided_at      timestamptz
      )`);
    await db.query(
      `CREATE UNIQUE INDEX cases_one_open_per_household ON cases (household_key) WHERE status = 'open'`,
    );
    await db.query(`CREATE INDEX cases_case_id_idx ON cases (case_id)`);
    await db.query(`CREATE INDEX cases_township_status_idx ON cases (township_code, status)`);
    await db.query(`
      CREATE TABLE case_events (
        id          bigserial PRIMARY KEY,
        run_id      uuid NOT NULL REFERENCES cases (run_id),
        case_id     text NOT NULL,
        kind        text NOT NULL,
        step_id     text NOT NULL,
        actor       text NOT NULL,
        detail      jsonb NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_events_run_step_key UNIQUE (run_id, step_id)
      )`);
    await db.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER case_events_no_change BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await db.query(`
      CREATE TABLE national_entries (
        idempotency_key text PRIMARY KEY,
        run_id          uuid NOT NULL REFERENCES cases (run_id),
        event           text NOT NULL,
        entry_id        text NOT NULL,
        entered_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT national_entries_run_event_key UNIQUE (run_id, event)
      )`);
    await db.query(`
      CREATE TABLE assistance_plans (
        plan_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id          uuid NOT NULL UNIQUE REFERENCES cases (run_id),
        case_id         text NOT NULL,
        household_class text NOT NULL,
        status          text NOT NULL CHECK (status IN ('draft')),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE assistance_plans`);
    await db.query(`DROP TABLE national_entries`);
    await db.query(`DROP TABLE case_events`);
    await db.query(`DROP FUNCTION case_events_append_only`);
    await db.query(`DROP TABLE cases`);
    await db.query(`DROP TABLE alerts`);
    await db.query(`DROP TABLE households`);
  }
}
