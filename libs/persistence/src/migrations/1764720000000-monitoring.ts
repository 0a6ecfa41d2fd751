import { sqlMigration } from './sql-migration';

/**
 * Monitoring after inclusion (plan §4.3 step 4, §4.4, §5):
 * - a case can be marked risk eliminated (`risk-eliminated`), and a rolled-back mark returns it to
 *   `included`;
 * - an assistance plan is adopted with its measures; after a rolled-back elimination the city makes
 *   another plan for the same period, so plans are numbered within a run;
 * - each measure is a task of its lead department: the inbox carries the department, and a
 *   department's list is one ordered range scan like the others.
 * Codes and figures only: no names or ID numbers.
 */
export const Monitoring1764720000000 = sqlMigration('Monitoring1764720000000', {
  up: [
    `ALTER TABLE cases DROP CONSTRAINT cases_status_check`,
    `
      ALTER TABLE cases ADD CONSTRAINT cases_status_check
        CHECK (status IN ('open', 'included', 'excluded', 'risk-eliminated'))`,

    `ALTER TABLE assistance_plans ADD COLUMN plan_no int NOT NULL DEFAULT 1`,
    `ALTER TABLE assistance_plans ADD COLUMN announced_on date`,
    `ALTER TABLE assistance_plans ADD COLUMN decided_by text`,
    `ALTER TABLE assistance_plans DROP CONSTRAINT assistance_plans_run_id_key`,
    `ALTER TABLE assistance_plans ADD CONSTRAINT assistance_plans_run_plan_key UNIQUE (run_id, plan_no)`,
    `ALTER TABLE assistance_plans DROP CONSTRAINT assistance_plans_status_check`,
    `
      ALTER TABLE assistance_plans ADD CONSTRAINT assistance_plans_status_check
        CHECK (status IN ('draft', 'adopted'))`,

    `
      CREATE TABLE assistance_measures (
        run_id          uuid NOT NULL REFERENCES cases (run_id),
        measure_id      text NOT NULL,
        plan_id         uuid NOT NULL REFERENCES assistance_plans (plan_id),
        case_id         text NOT NULL,
        kind            text NOT NULL
          CHECK (kind IN ('industry', 'employment', 'safety-net', 'motivation', 'social')),
        measure_code    text NOT NULL,
        lead_department text NOT NULL,
        responsible_departments text[] NOT NULL DEFAULT '{}',
        due_on          date NOT NULL,
        due_at          timestamptz NOT NULL,
        status          text NOT NULL DEFAULT 'open'
          CHECK (status IN ('open', 'done', 'cancelled')),
        percent         int NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, measure_id)
      )`,
    `CREATE INDEX assistance_measures_open_idx ON assistance_measures (lead_department, due_at)
       WHERE status = 'open'`,

    `ALTER TABLE tasks ADD COLUMN department text`,
    `
      CREATE INDEX tasks_open_department_idx
        ON tasks (department, county_code, (coalesce(due_at, 'infinity'::timestamptz)), run_id, task_id)
        WHERE status = 'open' AND department IS NOT NULL`,
  ],
  down: [
    `DROP INDEX tasks_open_department_idx`,
    `ALTER TABLE tasks DROP COLUMN department`,
    `DROP TABLE assistance_measures`,
    `ALTER TABLE assistance_plans DROP CONSTRAINT assistance_plans_status_check`,
    `ALTER TABLE assistance_plans ADD CONSTRAINT assistance_plans_status_check CHECK (status IN ('draft'))`,
    `ALTER TABLE assistance_plans DROP CONSTRAINT assistance_plans_run_plan_key`,
    `ALTER TABLE assistance_plans ADD CONSTRAINT assistance_plans_run_id_key UNIQUE (run_id)`,
    ...['plan_no', 'announced_on', 'decided_by'].map(
      (column) => `ALTER TABLE assistance_plans DROP COLUMN ${column}`,
    ),
    `ALTER TABLE cases DROP CONSTRAINT cases_status_check`,
    `ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('open', 'included', 'excluded'))`,
  ],
});
