import { appendOnly, sqlMigration } from './sql-migration';

export const InitialSchema1764460800000 = sqlMigration('InitialSchema1764460800000', {
  up: [
    `
      CREATE TABLE households (
        household_key    text PRIMARY KEY,
        village_code     char(12) NOT NULL,
        head_name        text NOT NULL,
        head_resident_id text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`,
    `
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
      )`,
    `CREATE INDEX alerts_household_key_idx ON alerts (household_key)`,
    `CREATE INDEX alerts_undispatched_idx ON alerts (received_at) WHERE dispatched_at IS NULL`,
    `
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
      )`,
    `CREATE UNIQUE INDEX cases_one_open_per_household ON cases (household_key) WHERE status = 'open'`,
    `CREATE INDEX cases_case_id_idx ON cases (case_id)`,
    `CREATE INDEX cases_township_status_idx ON cases (township_code, status)`,
    `
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
      )`,
    ...appendOnly('case_events', 'UPDATE OR DELETE', 'ROW'),
    `
      CREATE TABLE national_entries (
        idempotency_key text PRIMARY KEY,
        run_id          uuid NOT NULL REFERENCES cases (run_id),
        event           text NOT NULL,
        entry_id        text NOT NULL,
        entered_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT national_entries_run_event_key UNIQUE (run_id, event)
      )`,
    `
      CREATE TABLE assistance_plans (
        plan_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id          uuid NOT NULL UNIQUE REFERENCES cases (run_id),
        case_id         text NOT NULL,
        household_class text NOT NULL,
        status          text NOT NULL CHECK (status IN ('draft')),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`,
  ],
  down: [
    `DROP TABLE assistance_plans`,
    `DROP TABLE national_entries`,
    `DROP TABLE case_events`,
    `DROP FUNCTION case_events_append_only`,
    `DROP TABLE cases`,
    `DROP TABLE alerts`,
    `DROP TABLE households`,
  ],
});
