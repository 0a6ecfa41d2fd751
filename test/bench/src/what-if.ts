import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Client as PgClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { stderrLog } from '@fanpin/devstack';

import { median, timed } from './latency';
import { City, label, type CityContext } from './read-cities';
import { bench } from './report';
import { StaffAccount } from './staff';

export interface WhatIfSettings {
  /** Households of the city, each with figures. */
  households: number;
  /** Timed runs of each kind (the median is reported), after one unmeasured run of each. */
  rounds: number;
}

/** The draft line the runs try: 6500 yuan a head against incomes of 3000 to 15,000. */
const DRAFT_LINE = 6500;

interface TownshipResult {
  townshipCode: string;
  households: number;
  monitored: number;
  added: number;
  released: number;
}

/**
 * The plain SQL pass over the same rows: each household's figures with its township, counted by
 * township with those below the line. No monitoring status, no household lists, no HTTP.
 */
const plainPassSql = `
  SELECT left(h.village_code, 9) AS "townshipCode", count(*)::int AS households,
         count(*) FILTER (WHERE f.income_per_capita_fen < $1)::int AS below
  FROM household_figures f JOIN households h ON h.household_key = f.household_key
  GROUP BY 1 ORDER BY 1`;

/**
 * The latest figures of every household of the city, copied as the ways in and visits would have
 * left them: a figures year and an income per person spread evenly from 3000 to 15,000 yuan.
 */
async function seedFigures(databaseUrl: string): Promise<number> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ household_key: string }>(
      'SELECT household_key FROM households ORDER BY household_key',
    );
    const lines = rows.map((r, i) => {
      const fen = 300_000 + ((i * 7919) % 1_200_001);
      return `${r.household_key}\t${2024 + (i % 2)}\t${fen}\tfollow-up-visit\tbench-${i}\n`;
    });
    const sql = `COPY household_figures (household_key, figures_year, income_per_capita_fen,
      source, source_ref) FROM STDIN`;
    await pipeline(Readable.from([lines.join('')]), db.query(copyFrom(sql)));
    await db.query('ANALYZE household_figures');
    await db.query('CHECKPOINT');
    return rows.length;
  } finally {
    await db.end();
  }
}

/**
 * The what-if's answer must agree with the plain pass: per township the same households, and
 * those within the line (added, plus the monitored not released) as many as the pass counts below.
 */
function check(
  whatIf: { households: number; townships: TownshipResult[] },
  plain: { townshipCode: string; households: number; below: number }[],
  households: number,
): void {
  if (whatIf.households !== households) {
    throw new Error(`the what-if saw ${whatIf.households} households, not ${households}`);
  }
  const byCode = new Map(plain.map((p) => [p.townshipCode, p]));
  for (const t of whatIf.townships) {
    const p = byCode.get(t.townshipCode);
    const within = t.added + t.monitored - t.released;
    if (!p || p.households !== t.households || p.below !== within) {
      throw new Error(`township ${t.townshipCode}: the what-if and the plain pass disagree`);
    }
  }
}

/**
 * A what-if run of a draft line (`POST /v1/policy/what-if`, as the city bureau) over a city of
 * 100,000 households with figures, against a plain SQL pass over the same rows; the ratio is the
 * plain pass's time over the what-if's (1 would be as fast as the bare query, higher is better).
 */
export async function runWhatIfBench(ctx: CityContext, s: WhatIfSettings): Promise<void> {
  const city = await City.open(ctx, s.households);
  try {
    const seeded = await seedFigures(city.databaseUrl);
    stderrLog(`figures of ${seeded} households copied`);
    const bureau = new StaffAccount(city.apiUrl, ctx.admin, 'city-bureau', '220681');
    await bureau.signIn();
    const db = new PgClient({ connectionString: city.databaseUrl });
    await db.connect();
    try {
      const whatIf = () =>
        bureau.post('/v1/policy/what-if', { incomeLine: DRAFT_LINE }) as unknown as Promise<{
          households: number;
          added: number;
          released: number;
          townships: TownshipResult[];
        }>;
      const plain = async () =>
        (
          await db.query<{ townshipCode: string; households: number; below: number }>(
            plainPassSql,
            [DRAFT_LINE * 100],
          )
        ).rows;
      const runs = { whatIf: [] as number[], sql: [] as number[] };
      let last = { what: await whatIf(), plain: await plain() };
      // Alternating, so that a drift in the machine's load weighs on both alike.
      for (let round = 0; round < s.rounds; round++) {
        const w = await timed(whatIf);
        const p = await timed(plain);
        runs.whatIf.push(w.ms);
        runs.sql.push(p.ms);
        last = { what: w.result, plain: p.result };
      }
      check(last.what, last.plain, seeded);
      const size = label(s.households);
      bench(`whatif.households`, last.what.households, 'count', 0);
      bench(`whatif.townships`, last.what.townships.length, 'count', 0);
      bench(`whatif.added`, last.what.added, 'count', 0);
      bench(`whatif.released`, last.what.released, 'count', 0);
      bench(`whatif.run_ms`, median(runs.whatIf), 'ms');
      bench(`whatif.sql_ms`, median(runs.sql), 'ms');
      stderrLog(
        `ratio.whatif_vs_sql = plain SQL pass ms / what-if ms over ${size} households (higher is better; 1 = as fast as the bare query)`,
      );
      bench('ratio.whatif_vs_sql', median(runs.sql) / median(runs.whatIf), 'x');
    } finally {
      await db.end();
    }
  } finally {
    await city.close();
  }
}
