import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A step of a migration: a statement, or code that reads rows to write them (a backfill). */
export type MigrationStep = string | ((db: QueryRunner) => Promise<void>);

async function run(db: QueryRunner, steps: readonly MigrationStep[]): Promise<void> {
  for (const step of steps) {
    if (typeof step === 'string') await db.query(step);
    else await step(db);
  }
}

/**
 * A migration as the steps it runs in order, up and down. TypeORM takes it as a class and orders
 * the migrations by the timestamp that ends `name`.
 */
export function sqlMigration(
  name: string,
  steps: { up: readonly MigrationStep[]; down: readonly MigrationStep[] },
): new () => MigrationInterface {
  return class implements MigrationInterface {
    readonly name = name;

    up(db: QueryRunner): Promise<void> {
      return run(db, steps.up);
    }

    down(db: QueryRunner): Promise<void> {
      return run(db, steps.down);
    }
  };
}

/** A trigger that runs the function `fn` on `when` (e.g. `AFTER INSERT`) on `table`. */
export function trigger(
  name: string,
  when: string,
  table: string,
  each: 'ROW' | 'STATEMENT',
  fn: string,
): string {
  return `
      CREATE TRIGGER ${name} ${when} ON ${table}
      FOR EACH ${each} EXECUTE FUNCTION ${fn}()`;
}

/**
 * A table that takes INSERT and nothing else: a function that raises, and the trigger that calls it
 * before `events` (a TRUNCATE trigger fires once a statement, the others once a row).
 */
export function appendOnly(table: string, events: string, each: 'ROW' | 'STATEMENT'): string[] {
  return [
    `
      CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${table} is append-only';
      END $$`,
    trigger(`${table}_no_change`, `BEFORE ${events}`, table, each, `${table}_append_only`),
  ];
}

/** The case stage a task of each kind sets when it opens; kinds not named open beside the stage. */
export type StagesOfTasks = Readonly<Record<string, string>>;

/** `case_stage_of_task(kind)`, created (or replaced by) `verb`, as `stages` maps the kinds. */
export function caseStageOfTask(
  verb: 'CREATE' | 'CREATE OR REPLACE',
  stages: StagesOfTasks,
): string {
  const whens = Object.entries(stages).map(
    ([kind, stage]) => `
          WHEN '${kind}' THEN '${stage}'`,
  );
  return `
      ${verb} FUNCTION case_stage_of_task(kind text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE kind${whens.join('')}
          ELSE NULL
        END $$`;
}
