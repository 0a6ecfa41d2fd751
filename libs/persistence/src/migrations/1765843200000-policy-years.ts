import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The income line and screening thresholds of each year (年度监测标准) as the city bureau publishes
 * them: a year's draft is edited until it is published, and a published revision is never changed
 * again (a trigger refuses it); a correction is the year's next revision. The plan's 2021 line
 * (6000 yuan per person, §3) is the first published revision.
 *
 * `household_figures` holds the latest figures known of each household (from a cadre screening, a
 * village verification or a follow-up visit): the year they are for and income per person in fen,
 * nothing else, keyed by the household's keyed hash. A what-if run of a draft line reads them in
 * one set-based pass; the full figures stay sealed in the case history.
 */
export class PolicyYears1765843200000 implements MigrationInterface {
  name = 'PolicyYears1765843200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE policy_years (
        year                    integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        revision                integer NOT NULL CHECK (revision >= 1),
        status                  text NOT NULL CHECK (status IN ('draft', 'published')),
        income_line             integer NOT NULL CHECK (income_line BETWEEN 1 AND 1000000),
        marginal_band_percent   integer NOT NULL CHECK (marginal_band_percent BETWEEN 100 AND 400),
        marginal_band_nominates boolean NOT NULL,
        rigid_expenses_percent  integer NOT NULL CHECK (rigid_expenses_percent BETWEEN 1 AND 1000),
        sharp_drop_percent      integer NOT NULL CHECK (sharp_drop_percent BETWEEN 1 AND 99),
        valid_from              date NOT NULL,
        valid_until             date NOT NULL,
        notice_ref              text NOT NULL,
        drafted_by              text NOT NULL,
        drafted_at              timestamptz NOT NULL DEFAULT now(),
        published_by            text,
        published_at            timestamptz,
        PRIMARY KEY (year, revision),
        CONSTRAINT policy_years_validity CHECK (valid_from <= valid_until),
        CONSTRAINT policy_years_published CHECK (
          (status = 'published') = (published_at IS NOT NULL AND published_by IS NOT NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX policy_years_one_draft ON policy_years (year) WHERE status = 'draft'`,
    );
    await db.query(`
      CREATE FUNCTION policy_years_published_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'a published policy year is never changed' USING ERRCODE = 'P0001';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER policy_years_no_change BEFORE UPDATE OR DELETE ON policy_years
      FOR EACH ROW EXECUTE FUNCTION policy_years_published_fixed()`);
    await db.query(`
      INSERT INTO policy_years (year, revision, status, income_line, marginal_band_percent,
        marginal_band_nominates, rigid_expenses_percent, sharp_drop_percent, valid_from,
        valid_until, notice_ref, drafted_by, published_by, published_at)
      VALUES (2021, 1, 'published', 6000, 150, false, 100, 30, '2021-01-01', '2021-12-31',
        '临江市防止返贫动态监测和帮扶工作实施方案 §3', 'plan-2021', 'plan-2021', now())`);
    await db.query(`
      CREATE TABLE household_figures (
        household_key         text PRIMARY KEY REFERENCES households (household_key),
        figures_year          integer NOT NULL CHECK (figures_year BETWEEN 2000 AND 2200),
        income_per_capita_fen bigint NOT NULL CHECK (income_per_capita_fen >= 0),
        source                text NOT NULL
          CHECK (source IN ('cadre-screening', 'village-verification', 'follow-up-visit')),
        source_ref            text NOT NULL,
        recorded_at           timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE household_figures`);
    await db.query(`DROP TABLE policy_years`);
    await db.query(`DROP FUNCTION policy_years_published_fixed`);
  }
}
