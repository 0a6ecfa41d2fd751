import { caseStageOfTask, sqlMigration, trigger, type StagesOfTasks } from './sql-migration';

/** The stage of cases written before the triggers: their latest step, or their open stage task. */
const backfill = [
  `
      UPDATE cases c SET stage = s.stage, stage_since = s.at
      FROM (
        SELECT DISTINCT ON (run_id) run_id, stage, at FROM (
          SELECT run_id, case_stage_after_event(kind, step_id, detail) AS stage, recorded_at AS at
          FROM case_events
          UNION ALL
          SELECT run_id, case_stage_of_task(kind), opened_at FROM tasks WHERE status = 'open'
        ) steps
        WHERE stage IS NOT NULL
        ORDER BY run_id, at DESC
      ) s
      WHERE c.run_id = s.run_id`,
  `
      UPDATE cases c SET risk_types = ARRAY(SELECT jsonb_array_elements_text(e.detail->'riskTypes'))
      FROM case_events e
      WHERE e.run_id = c.run_id AND e.kind = 'township-verification'
        AND jsonb_typeof(e.detail->'riskTypes') = 'array'`,
];

/** The stage each task of a stage sets when it opens in the inbox. */
export const stagesOfTasks: StagesOfTasks = {
  'village-verification': 'VILLAGE_VERIFICATION',
  'democratic-appraisal': 'DEMOCRATIC_APPRAISAL',
  'township-verification': 'TOWNSHIP_VERIFICATION',
  'city-determination': 'CITY_DETERMINATION',
  'manual-national-entry': 'NATIONAL_ENTRY',
  'assistance-plan': 'ASSISTANCE_PLANNING',
  'follow-up-visit': 'MONITORING',
  'elimination-appraisal': 'ELIMINATION_APPRAISAL',
  'elimination-township': 'ELIMINATION_TOWNSHIP',
  'elimination-city': 'ELIMINATION_CITY',
};

/** The indexes the console's lists filter through. */
const indexes = [
  // The case file's history, in order, page by page.
  `case_events_case_idx ON case_events (case_id, recorded_at, id)`,
  `alerts_household_time_idx ON alerts (household_key, received_at, id)`,
  // Registers (监测对象台账) and the dashboard: monitored households by division.
  `cases_register_idx ON cases (village_code, run_id)
         WHERE status IN ('included', 'risk-eliminated')`,
  `cases_open_stage_idx ON cases (township_code, stage) WHERE status IN ('open', 'included')`,
  `cases_village_stage_idx ON cases (village_code, stage, stage_since)`,
  `cases_decided_idx ON cases (village_code, decided_at DESC, run_id)
         WHERE status IN ('included', 'risk-eliminated')`,
  // A department's measures, and every measure, in due order.
  `assistance_measures_department_idx
         ON assistance_measures (lead_department, due_at, run_id, measure_id)`,
  `assistance_measures_due_idx ON assistance_measures (due_at, run_id, measure_id)`,
];

/**
 * What the staff console reads from PostgreSQL without asking each case's workflow: the case's
 * stage (the `CaseStage` search attribute's value), since when, and the risk types the township
 * judged. They are a projection of what the cases already write, kept by triggers in the same
 * transaction as the write, so that no workflow code changes:
 * - a step of the case history (`case_events`) moves the stage as the workflow's `stageAfter` does
 *   (a nomination to DEMOCRATIC_APPRAISAL, a refusal to EXCLUDED, a notice's end to the township or
 *   back to the village, the city's yes to NATIONAL_ENTRY…);
 * - a task of a stage opening in the inbox (`tasks`) sets that stage (ASSISTANCE_PLANNING once the
 *   national entry is made, MONITORING when a visit opens…). Objection reviews and measures open
 *   beside a stage and leave it.
 * Every list of the console filters on these columns through `indexes`.
 */
export const CaseReadModel1765497600000 = sqlMigration('CaseReadModel1765497600000', {
  up: [
    `
      ALTER TABLE cases
        ADD COLUMN stage text,
        ADD COLUMN stage_since timestamptz,
        ADD COLUMN risk_types text[] NOT NULL DEFAULT '{}'`,
    `
      CREATE FUNCTION case_stage_after_event(kind text, step_id text, detail jsonb)
      RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE kind
          WHEN 'opened' THEN 'VILLAGE_VERIFICATION'
          WHEN 'village-verification' THEN
            CASE WHEN detail->>'outcome' = 'nominate' THEN 'DEMOCRATIC_APPRAISAL' ELSE 'EXCLUDED' END
          WHEN 'democratic-appraisal' THEN
            CASE WHEN detail->>'outcome' = 'approved' THEN 'PUBLIC_NOTICE' ELSE 'EXCLUDED' END
          WHEN 'public-notice' THEN
            CASE WHEN step_id LIKE 'elimination-notice-%' THEN
              CASE WHEN (detail->>'upheld')::boolean THEN 'MONITORING' ELSE 'ELIMINATION_TOWNSHIP' END
            ELSE
              CASE WHEN (detail->>'upheld')::boolean THEN 'VILLAGE_VERIFICATION' ELSE 'TOWNSHIP_VERIFICATION' END
            END
          WHEN 'township-verification' THEN
            CASE WHEN detail->>'outcome' = 'confirm' THEN 'AWAITING_REPORT' ELSE 'EXCLUDED' END
          WHEN 'report' THEN 'CITY_DETERMINATION'
          WHEN 'city-determination' THEN
            CASE WHEN (detail->>'include')::boolean THEN 'NATIONAL_ENTRY' ELSE 'EXCLUDED' END
          WHEN 'assistance-plan' THEN 'MONITORING'
          WHEN 'follow-up-visit' THEN
            CASE WHEN (detail->>'proposeElimination')::boolean THEN 'ELIMINATION_APPRAISAL' ELSE 'MONITORING' END
          WHEN 'elimination-appraisal' THEN
            CASE WHEN detail->>'outcome' = 'approved' THEN 'ELIMINATION_NOTICE' ELSE 'MONITORING' END
          WHEN 'elimination-township' THEN
            CASE WHEN detail->>'outcome' = 'confirm' THEN 'ELIMINATION_CITY' ELSE 'MONITORING' END
          WHEN 'elimination-city' THEN
            CASE WHEN detail->>'outcome' = 'eliminate' THEN NULL ELSE 'MONITORING' END
          WHEN 'elimination' THEN 'RISK_ELIMINATED'
          WHEN 'elimination-rollback' THEN 'ASSISTANCE_PLANNING'
          ELSE NULL
        END $$`,
    caseStageOfTask('CREATE', stagesOfTasks),
    `
      CREATE FUNCTION case_stage_from_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next text := case_stage_after_event(NEW.kind, NEW.step_id, NEW.detail);
      BEGIN
        IF next IS NOT NULL THEN
          UPDATE cases SET stage = next, stage_since = NEW.recorded_at
          WHERE run_id = NEW.run_id AND stage IS DISTINCT FROM next;
        END IF;
        IF NEW.kind = 'township-verification' AND jsonb_typeof(NEW.detail->'riskTypes') = 'array' THEN
          UPDATE cases SET risk_types = ARRAY(SELECT jsonb_array_elements_text(NEW.detail->'riskTypes'))
          WHERE run_id = NEW.run_id;
        END IF;
        RETURN NULL;
      END $$`,
    trigger(
      'case_events_move_stage',
      'AFTER INSERT',
      'case_events',
      'ROW',
      'case_stage_from_event',
    ),
    `
      CREATE FUNCTION case_stage_from_task() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next text := case_stage_of_task(NEW.kind);
      BEGIN
        IF next IS NOT NULL AND NEW.status = 'open' THEN
          UPDATE cases SET stage = next, stage_since = NEW.opened_at
          WHERE run_id = NEW.run_id AND stage IS DISTINCT FROM next;
        END IF;
        RETURN NULL;
      END $$`,
    trigger('tasks_move_stage', 'AFTER INSERT', 'tasks', 'ROW', 'case_stage_from_task'),
    ...backfill,
    ...indexes.map((index) => `CREATE INDEX ${index}`),
  ],
  down: [
    ...[
      'assistance_measures_due_idx',
      'assistance_measures_department_idx',
      'cases_decided_idx',
      'cases_village_stage_idx',
      'cases_open_stage_idx',
      'cases_register_idx',
      'alerts_household_time_idx',
      'case_events_case_idx',
    ].map((index) => `DROP INDEX ${index}`),
    `DROP TRIGGER tasks_move_stage ON tasks`,
    `DROP FUNCTION case_stage_from_task`,
    `DROP TRIGGER case_events_move_stage ON case_events`,
    `DROP FUNCTION case_stage_from_event`,
    `DROP FUNCTION case_stage_of_task`,
    `DROP FUNCTION case_stage_after_event`,
    `ALTER TABLE cases DROP COLUMN stage, DROP COLUMN stage_since, DROP COLUMN risk_types`,
  ],
});
