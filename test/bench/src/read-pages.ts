import type { RegisterEntry, TaskView } from '@fanpin/contracts';

import { withDatabase } from './database';

/**
 * The township and village whose pages the read-model bench measures: 苇沙河镇 (five villages, some
 * 6% of the city's households) and its 苇沙河村, a township of the middle and an ordinary village.
 */
export const Measured = { townshipCode: '220681102', villageCode: '220681102200' };

/** How many rows each list holds for the measured accounts: a first page shows up to a page of them. */
export interface Expected {
  inbox: number;
  register: number;
}

/** What the seeded tables hold for the township officer's inbox and the village cadre's register. */
export function expectedRows(databaseUrl: string): Promise<Expected> {
  return withDatabase(databaseUrl, async (db) => {
    const { rows } = await db.query<{ inbox: string; register: string }>(
      `SELECT
         (SELECT count(*) FROM tasks WHERE status = 'open' AND township_code = $1
            AND (role = 'township-officer' OR escalated_to = 'township-officer')) AS inbox,
         (SELECT count(*) FROM cases WHERE village_code = $2
            AND status IN ('included', 'risk-eliminated')) AS register`,
      [Measured.townshipCode, Measured.villageCode],
    );
    const [counts] = rows;
    return { inbox: Number(counts?.inbox), register: Number(counts?.register) };
  });
}

const Unreadable = '*'.repeat(18);

interface ShownRow {
  residentIdMasked: string;
  householdName?: string;
  headName?: string;
}

/**
 * A page as the console shows it, or the run fails: as many rows as the city holds for it, up to a
 * page (never an empty page where rows were seeded), each in scope and with its household head's
 * sealed fields opened.
 */
function checkRows<R extends ShownRow>(
  what: string,
  rows: R[] | undefined,
  held: number,
  page: number,
  inScope: (row: R) => boolean,
): R[] {
  if (held === 0) throw new Error(`${what}: the seeded city holds no row for this page`);
  const want = Math.min(page, held);
  if (!Array.isArray(rows) || rows.length !== want) {
    throw new Error(`${what}: ${rows?.length ?? 'no'} rows where ${want} were seeded`);
  }
  for (const row of rows) {
    if (!inScope(row)) throw new Error(`${what}: a row outside the measured division`);
    if (row.residentIdMasked === Unreadable || !(row.householdName ?? row.headName)) {
      throw new Error(`${what}: a household head's sealed fields did not open`);
    }
  }
  return rows;
}

const dueOrder = (t: TaskView): number => (t.dueAt === null ? Infinity : Date.parse(t.dueAt));

/** The township officer's first inbox page: its township's tasks, oldest due first. */
export function checkInbox(body: Record<string, unknown>, held: number, page: number): void {
  const tasks = checkRows(
    'inbox',
    body.tasks as TaskView[] | undefined,
    held,
    page,
    (t) => t.townshipCode === Measured.townshipCode,
  );
  if (tasks.some((t, i) => i > 0 && dueOrder(tasks[i - 1] as TaskView) > dueOrder(t))) {
    throw new Error('inbox: the page is not in due order');
  }
}

/** The village cadre's first register page: its village's monitored households. */
export function checkRegister(body: Record<string, unknown>, held: number, page: number): void {
  checkRows(
    'register',
    body.households as RegisterEntry[] | undefined,
    held,
    page,
    (h) => h.villageCode === Measured.villageCode,
  );
}
