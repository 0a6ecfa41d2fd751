import { sqlMigration } from './sql-migration';

const due = `(coalesce(due_at, 'infinity'::timestamptz))`;
const open = `WHERE status = 'open'`;
const escalated = `${open} AND escalated_to IS NOT NULL`;
const indexes = [
  `tasks_open_village_idx ON tasks (role, village_code, ${due}, run_id, task_id) ${open}`,
  `tasks_open_township_idx ON tasks (role, township_code, ${due}, run_id, task_id) ${open}`,
  `tasks_open_county_idx ON tasks (role, county_code, ${due}, run_id, task_id) ${open}`,
  `tasks_escalated_township_idx ON tasks (escalated_to, township_code, ${due}, run_id, task_id) ${escalated}`,
  `tasks_escalated_county_idx ON tasks (escalated_to, county_code, ${due}, run_id, task_id) ${escalated}`,
  `tasks_open_due_idx ON tasks (${due}, run_id, task_id) ${open}`,
];

/**
 * The task inbox (待办): one row per human task of a case, kept in step by the workflow through the
 * `syncTask` activity. The workflow is the authority on what may be done; this table only lets each
 * level list its open tasks fast. Codes only: no names or ID numbers.
 *
 * Every list is "open tasks of one role in one division, oldest due first", read in keyset pages
 * ordered by (due, run_id, task_id), where due is `coalesce(due_at, 'infinity')`: tasks without a
 * due date (calendar not covered) come last and the cursor never has to compare with NULL. Each
 * index below answers one such list as an ordered range scan that stops after a page, whatever
 * the table's size:
 * - `tasks_open_{village,township,county}_idx`: a role's own tasks at its level (village cadres and
 *   committees by village code, township officers by township code, the city bureau by county
 *   code). Equality on the level's column equals the jurisdiction's prefix rule, which the CHECK
 *   below guarantees.
 * - `tasks_escalated_{township,county}_idx`: overdue tasks escalated to the level above (village
 *   tasks to the township, township tasks to the city).
 * - `tasks_open_due_idx`: supervisors (everything) and sweeps for overdue tasks.
 * All are partial (`status = 'open'`): closed tasks, the vast majority over time, cost them nothing.
 */
export const TaskInbox1764633600000 = sqlMigration('TaskInbox1764633600000', {
  up: [
    `
      CREATE TABLE tasks (
        run_id        uuid NOT NULL REFERENCES cases (run_id),
        case_id       text NOT NULL,
        task_id       text NOT NULL,
        kind          text NOT NULL,
        role          text NOT NULL,
        county_code   char(6) NOT NULL,
        township_code char(9) NOT NULL,
        village_code  char(12) NOT NULL,
        status        text NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
        due_at        timestamptz,
        escalated_to  text,
        completed_by  text,
        opened_at     timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, task_id),
        CONSTRAINT tasks_divisions_nest CHECK (
          left(village_code, 9) = township_code AND left(village_code, 6) = county_code)
      )`,
    ...indexes.map((index) => `CREATE INDEX ${index}`),
  ],
  down: [`DROP TABLE tasks`],
});
