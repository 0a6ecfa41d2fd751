import { setTimeout as sleep } from 'node:timers/promises';

import { stderrLog } from '@fanpin/devstack';

import { withDatabase } from './database';
import { percentiles } from './latency';
import { City, label, type CityContext } from './read-cities';
import { checkInbox, checkRegister } from './read-pages';
import { bench } from './report';

export interface ReadModelSettings {
  /** Households of the small city and of the large one. */
  small: number;
  large: number;
  /** Requests per page and city. */
  samples: number;
  /** Unmeasured rounds before them. */
  warmup: number;
  /** Pause between the seeding and the first request. */
  settleSeconds: number;
}

/** The console's page size. */
const PAGE = 20;
const Pages = ['inbox', 'register'] as const;
type Page = (typeof Pages)[number];
type Samples = Record<Page, number[]>;

/** The indexes the two pages' range scans use (task-inbox and case-read-model migrations). */
const PageIndexes = [
  'tasks_open_township_idx',
  'tasks_escalated_township_idx',
  'cases_register_idx',
];
const PageTables = ['tasks', 'cases', 'households'];

/**
 * One request for a page, timed; the answer is checked after the clock stops: the township
 * officer's first inbox page, or the village cadre's first register page.
 */
async function timedRead(city: City, page: Page): Promise<number> {
  const started = performance.now();
  const body =
    page === 'inbox'
      ? await city.officer.get(`/v1/tasks?limit=${PAGE}`)
      : await city.cadre.get(`/v1/registers/households?limit=${PAGE}`);
  const elapsed = performance.now() - started;
  if (page === 'inbox') checkInbox(body, city.expected.inbox, PAGE);
  else checkRegister(body, city.expected.register, PAGE);
  return elapsed;
}

/**
 * Rounds of both pages of both cities, one request at a time, the cities in the order A B, then
 * B A: a drift in the machine's load weighs on both sizes alike.
 */
async function measure(cities: City[], s: ReadModelSettings): Promise<Map<City, Samples>> {
  for (const city of cities) {
    await city.officer.signIn();
    await city.cadre.signIn();
  }
  const samples = new Map<City, Samples>(cities.map((c) => [c, { inbox: [], register: [] }]));
  for (let round = -s.warmup; round < s.samples; round++) {
    const order = Math.abs(round) % 2 === 0 ? cities : [...cities].reverse();
    for (const page of Pages) {
      for (const city of order) {
        const elapsed = await timedRead(city, page);
        if (round >= 0) samples.get(city)?.[page].push(elapsed);
      }
    }
  }
  return samples;
}

/** Sequential scans of the pages' tables and scans of their indexes, as the statistics count them. */
function scanCounts(databaseUrl: string): Promise<Map<string, number>> {
  return withDatabase(databaseUrl, async (db) => {
    const { rows } = await db.query<{ name: string; n: string }>(
      `SELECT relname AS name, seq_scan AS n FROM pg_stat_user_tables WHERE relname = ANY($1)
       UNION ALL
       SELECT indexrelname, idx_scan FROM pg_stat_user_indexes WHERE indexrelname = ANY($2)`,
      [PageTables, PageIndexes],
    );
    return new Map(rows.map((r) => [r.name, Number(r.n)]));
  });
}

/**
 * Measures the pages, and checks on the large city that they were index range scans: every page
 * index scanned (or the run fails), the sequential scans of the pages' tables counted. A backend
 * reports its counts within ten seconds of its last query, hence the wait.
 */
async function measureWithScans(cities: City[], large: City, s: ReadModelSettings) {
  const before = await scanCounts(large.databaseUrl);
  const samples = await measure(cities, s);
  await sleep(11_000);
  const after = await scanCounts(large.databaseUrl);
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  stderrLog(`scans: ${[...PageIndexes, ...PageTables].map((n) => `${n} +${delta(n)}`).join(', ')}`);
  const unused = PageIndexes.filter((name) => delta(name) === 0);
  if (unused.length > 0) throw new Error(`the pages did not use ${unused.join(', ')}`);
  bench(
    `read_models.${label(large.size)}.seq_scans`,
    PageTables.reduce((n, t) => n + delta(t), 0),
    'count',
    0,
  );
  return samples;
}

function report(small: City, large: City, samples: Map<City, Samples>): void {
  for (const page of Pages) {
    const p99 = [small, large].map((city) => {
      const p = percentiles(samples.get(city)?.[page] ?? []);
      const name = `${page}.${label(city.size)}`;
      const held = page === 'inbox' ? city.expected.inbox : city.expected.register;
      bench(`${name}.rows`, Math.min(PAGE, held), 'count', 0);
      bench(`${name}.p50`, p.p50, 'ms');
      bench(`${name}.p99`, p.p99, 'ms');
      return p.p99;
    });
    const ratio = (p99[1] as number) / (p99[0] as number);
    bench(`ratio.${page}_${label(large.size)}_vs_${label(small.size)}.p99`, ratio, 'x');
  }
}

/**
 * The inbox and the register read from PostgreSQL at two sizes of the city, each a database of its
 * own with an API on it, read in turn. A page that answers an error, or other rows than its city
 * holds for it, fails the run.
 */
export async function runReadModelBench(ctx: CityContext, s: ReadModelSettings): Promise<void> {
  const cities: City[] = [];
  try {
    for (const size of [s.small, s.large]) {
      const city = await City.open(ctx, size);
      cities.push(city);
      bench(`read_models.seed.${label(size)}`, city.seeded.seconds, 's');
    }
    const [small, large] = cities as [City, City];
    bench('read_models.open_tasks', large.seeded.openTasks, 'count', 0);
    await sleep(s.settleSeconds * 1000);
    report(small, large, await measureWithScans(cities, large, s));
  } finally {
    for (const city of cities) await city.close();
  }
}
