import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Client } from '@temporalio/client';

import {
  CaseSearchAttributes as SA,
  DefaultCasePolicy,
  TaskQueues,
  WorkflowTypes,
  caseSignalWithStart,
  type CasePolicy,
  type DeadlineRecountInput,
} from '@fanpin/contracts';
import { calendarCoverage, packagedCalendar } from '@fanpin/platform';
import { stderrLog } from '@fanpin/devstack';

import { withDatabase } from './database';
import { Counters } from './bare-update';
import { benchDivisions, householdKey, seedHouseholds } from './cases';
import { countNow, startAll, waitForCount } from './measure';
import { bench } from './report';
import { sign } from './signing';

export interface RecountSettings {
  /** Cases waiting at a task with a provisional due date (BENCH_RECOUNT_CASES, 10,000). */
  cases: number;
  /** Starts, Updates and signals in flight. */
  concurrency: number;
  settleSeconds: number;
}

/** The first year with no official arrangement, and the first Monday of it. */
const unarranged = Math.max(calendarCoverage.lastYear + 1, new Date().getUTCFullYear());
const monday = [1, 2, 3, 4, 5, 6, 7]
  .map((d) => `${unarranged}-01-0${d}`)
  .find((date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1)!;

/** A policy whose first task's deadline reaches past mid-January of that year: provisional. */
function provisionalPolicy(): CasePolicy {
  const into = Date.UTC(unarranged, 0, 15);
  let workingDays = 1;
  while (packagedCalendar.addWorkingDays(new Date(), workingDays).at.getTime() < into)
    workingDays++;
  return {
    ...DefaultCasePolicy,
    steps: { ...DefaultCasePolicy.steps, villageVerification: { workingDays } },
  };
}

const waitingProvisional = (prefix: string, provisional: boolean) =>
  `WorkflowType = '${WorkflowTypes.householdCase}' AND CaseStage = 'VILLAGE_VERIFICATION' AND ${SA.deadlineProvisional.name} = ${provisional} AND WorkflowId STARTS_WITH 'case-hh${prefix}'`;

/**
 * Sends one bare Update to each of `n` counter workflows, `concurrency` at a time: the seconds it
 * took (their starts before are not counted).
 */
async function bareUpdates(client: Client, n: number, concurrency: number): Promise<number> {
  const counters = await Counters.start(client, n, concurrency);
  try {
    const started = performance.now();
    await startAll(n, concurrency, (i) => counters.bump(i));
    return (performance.now() - started) / 1000;
  } finally {
    await counters.stop(concurrency);
  }
}

/**
 * The recount figure: the recount of the provisional due dates of `cases` open tasks once a year's
 * arrangement is entered (the job's pages, each task counted again, its inbox row updated and its
 * case told and updated, search attributes included), against a bare Update sent to each of as
 * many workflows on the same server. The recount runs first, with every case in the worker's cache
 * as in production; the counters of the bare Updates then take the cache's room.
 */
export async function runRecountBench(
  client: Client,
  databaseUrl: string,
  settings: RecountSettings,
): Promise<void> {
  const prefix = randomBytes(4).toString('hex');
  const policy = provisionalPolicy();
  await seedHouseholds(databaseUrl, prefix, settings.cases);
  stderrLog(`recount: opening ${settings.cases} cases whose first task is provisional`);
  await startAll(settings.cases, settings.concurrency, (i) =>
    client.workflow.signalWithStart(
      WorkflowTypes.householdCase,
      caseSignalWithStart(
        {
          householdKey: householdKey(prefix, i),
          divisions: benchDivisions,
          channel: 'bureau-alert',
          policy,
        },
        { alertId: `RECOUNT-${prefix}-${i}`, source: 'health', triggers: [2] },
        sign,
      ),
    ),
  );
  await waitForCount(client, waitingProvisional(prefix, true), settings.cases, 1_800_000);

  await sleep(settings.settleSeconds * 1000);
  const recount = await timeRecount(client, databaseUrl, prefix, settings.cases);
  stderrLog(`recount: ${recount.toFixed(1)} s`);

  await sleep(settings.settleSeconds * 1000);
  const bare = await bareUpdates(client, settings.cases, settings.concurrency);
  stderrLog(`recount: bare Updates ${bare.toFixed(1)} s`);

  bench('recount.tasks', settings.cases, 'count');
  bench('recount.seconds', recount, 's');
  bench('recount.bare_updates.seconds', bare, 's');
  bench('recount.tasks_per_second', settings.cases / recount, '/s');
  bench('ratio.recount_vs_bare_update', bare / recount, 'x');
}

/**
 * Enters the year's arrangement as the API does (the row, then the job) and waits until every
 * case shows its task's due date official (the search attribute it upserts on being told).
 */
async function timeRecount(
  client: Client,
  databaseUrl: string,
  prefix: string,
  cases: number,
): Promise<number> {
  const started = await withDatabase(databaseUrl, async (db) => {
    const entered = performance.now();
    const { rows } = await db.query<{ revision: number }>(
      `INSERT INTO calendar_years (year, revision, holidays, workdays, notice_ref, entered_by)
       SELECT $1, coalesce(max(revision), 0) + 1, $2::date[], '{}', 'bench', 'bench'
       FROM calendar_years WHERE year = $1 RETURNING revision`,
      [unarranged, [monday]],
    );
    const recount = `calendar-${unarranged}-r${rows[0]?.revision ?? 1}`;
    const input: DeadlineRecountInput = { recount };
    await client.workflow.start(WorkflowTypes.deadlineRecount, {
      workflowId: `deadline-recount-${recount}`,
      taskQueue: TaskQueues.householdCase,
      args: [input],
    });
    return entered;
  });
  const deadline = started + 1_800_000;
  for (;;) {
    if ((await countNow(client, waitingProvisional(prefix, false))) >= cases) break;
    if (performance.now() > deadline) throw new Error('the recount did not reach every case');
    await sleep(200);
  }
  return (performance.now() - started) / 1000;
}
