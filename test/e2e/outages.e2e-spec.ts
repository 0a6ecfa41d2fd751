import { setTimeout as sleep } from 'node:timers/promises';

import { DefaultCasePolicy, type CaseSummary } from '@fanpin/contracts';
import { ServiceNames } from '@fanpin/devstack';

import { decodedHistory, localActivityAttempts } from '../support/histories';
import { OwnTemporalServer, TcpProxy } from '../support/outage-servers';
import {
  TestSystem,
  newResidentId,
  policyEnv,
  standardForms,
  uniqueId,
  type AccountSpec,
} from '../support/harness';

const city: AccountSpec = { role: 'city-bureau', divisionCode: '220681' };
const health: AccountSpec = {
  role: 'sector-bureau',
  kind: 'integration',
  divisionCode: '220681',
  org: 'health',
};

/**
 * The servers the services depend on go away and come back while cases run: the Temporal server
 * itself (stopped and started again on its SQLite file), PostgreSQL (cut off for a while), and the
 * workflow worker SIGKILLed in the middle of a bureau's batch. Nothing is restarted by the test but
 * the server it took away: every case resumes, every timer fires, nothing is written twice.
 */
describe('outages of Temporal, PostgreSQL and the workflow worker', () => {
  let temporal: OwnTemporalServer;
  let postgres: TcpProxy;
  let t: TestSystem;

  beforeAll(async () => {
    const appUrl = process.env.FANPIN_TEST_APP_DATABASE_URL as string;
    [temporal, postgres] = await Promise.all([
      OwnTemporalServer.start('outages'),
      TcpProxy.to(appUrl),
    ]);
    t = await TestSystem.start(
      'outages',
      {
        // A notice and a follow-up interval that outlast a stop and start of the Temporal server.
        // The API gives up on an unreachable Temporal after UPDATE_TIMEOUT_MS (15 s by default).
        api: {
          ...policyEnv({ NOTICE_PERIOD: '6s', FOLLOW_UP_INTERVAL: '8s' }),
          UPDATE_TIMEOUT_MS: '4000',
        },
        // A killed worker's cases wait this long for it before the new one takes them.
        'workflow-worker': { STICKY_QUEUE_TIMEOUT_SECONDS: '2' },
      },
      { temporalAddress: temporal.address, appDatabaseUrl: postgres.viaProxy(appUrl) },
    );
  });

  afterAll(async () => {
    await t?.stop();
    await Promise.allSettled([temporal?.down(), postgres?.cut()]);
  });

  const completeTask = (s: CaseSummary) => t.completeOpenTask(s);

  /** Posts an alert and completes the case's standard tasks until it waits at `stage`. */
  async function caseAt(stage: CaseSummary['stage']): Promise<CaseSummary> {
    const { status, body } = await t.postAlert({ residentId: newResidentId() });
    expect(status).toBe(202);
    for (;;) {
      const s = await t.waitForCase(body.caseId, (c) => c.openTask !== null, 60_000);
      if (s.stage === stage) return s;
      const done = await completeTask(s);
      expect({ task: s.openTask?.taskId, status: done.status }).toEqual({
        task: s.openTask?.taskId,
        status: 200,
      });
      await t.waitForCase(body.caseId, (c) => c.openTask?.taskId !== s.openTask?.taskId);
    }
  }

  /** A case waiting for its assistance plan (included by the city, entered nationally). */
  async function caseAwaitingPlan(): Promise<CaseSummary> {
    const { caseId } = await caseAt('CITY_DETERMINATION');
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    return t.waitForCase(caseId, (c) => c.openTask?.taskId === 'assistance-plan-1', 60_000);
  }

  const plan = {
    kind: 'assistance-plan',
    announcedOn: '2026-11-30',
    measures: [
      {
        measureId: 'M-O',
        kind: 'employment',
        measureCode: 'SKILLS_TRAINING',
        leadDepartment: 'human-resources',
        responsibleDepartments: [],
        dueOn: '2027-06-30',
      },
    ],
  };

  const stepCounts = async (runId: string) =>
    (
      await t.db.query<{ step_id: string; n: string }>(
        'SELECT step_id, count(*) AS n FROM case_events WHERE run_id = $1 GROUP BY step_id ORDER BY step_id',
        [runId],
      )
    ).rows.map((r) => [r.step_id, Number(r.n)]);

  /** Polls until every case has an activity that failed and is being tried again. */
  async function retrying(caseIds: string[]): Promise<Record<string, string>> {
    const client = await t.client();
    const seen: Record<string, string> = {};
    for (let tries = 0; Object.keys(seen).length < caseIds.length && tries < 300; tries++) {
      for (const caseId of caseIds) {
        const { raw } = await client.workflow.getHandle(caseId).describe();
        const again = raw.pendingActivities?.find((a) => (a.attempt ?? 0) >= 2);
        if (again) seen[caseId] = again.activityType?.name ?? '?';
      }
      await sleep(200);
    }
    return seen;
  }

  it('resumes every case after the Temporal server is stopped and started again on its file', async () => {
    // While the server is down the API answers 503 and logs each such request as an error.
    t.expectLogErrors(/"message":"[A-Z]+ \S+ failed: TEMPORAL\.UNAVAILABLE \[/, 'api');
    // A: its notice's durable timer runs; B: its follow-up visit's timer runs; C: its task is open.
    const [a0, b0, c] = await Promise.all([
      caseAt('DEMOCRATIC_APPRAISAL'),
      caseAwaitingPlan(),
      caseAt('VILLAGE_VERIFICATION'),
    ]);
    expect((await completeTask(a0)).status).toBe(200);
    const planned = await t.api(
      'POST',
      `/v1/cases/${b0.caseId}/tasks/assistance-plan-1`,
      plan,
      city,
    );
    expect(planned.status).toBe(200);
    const a = await t.waitForCase(a0.caseId, (s) => s.stage === 'PUBLIC_NOTICE');
    const b = await t.waitForCase(b0.caseId, (s) => s.stage === 'MONITORING');
    expect(b.openTasks.map((task) => task.taskId)).not.toContain('follow-up-visit-1');
    const pids = ServiceNames.map((name) => t.system.services[name].pid);
    const form = standardForms['village-verification'] as NonNullable<
      (typeof standardForms)['village-verification']
    >;
    const send = () =>
      t.api(
        'POST',
        `/v1/cases/${c.caseId}/tasks/village-verification-1`,
        form.body,
        form.as(c.divisions),
      );

    await temporal.down();
    try {
      // Both timers were still to fire when the server went: they fire for the restarted one.
      const stoppedAt = Date.now();
      expect(Date.parse(a.noticeEndsAt as string)).toBeGreaterThan(stoppedAt);
      expect(Date.parse(b.stageDeadline as string)).toBeGreaterThan(stoppedAt);

      // Meanwhile the API answers within its deadline, with the code of an unreachable Temporal and
      // the answer for a request whose Update may or may not have reached the case: send it again.
      const [whileDown, readWhileDown] = await Promise.all([
        send(),
        t.api('GET', `/v1/cases/${a.caseId}`),
      ]);
      for (const answer of [whileDown, readWhileDown]) {
        expect(answer).toMatchObject({ status: 504, body: { code: 'TEMPORAL.UNAVAILABLE' } });
      }
    } finally {
      // Up again even when an answer above was wrong: the other tests need the server.
      await temporal.up();
    }
    // The same request once the server is back: accepted, and answered the same when repeated.
    const accepted = { taskId: 'village-verification-1', kind: 'village-verification' };
    let again = await send();
    for (let tries = 0; again.status >= 500 && tries < 100; tries++) {
      await sleep(200);
      again = await send();
    }
    expect(again).toMatchObject({ status: 200, body: accepted });
    expect(await send()).toEqual(again);

    const fired = await t.waitForCase(a.caseId, (s) => s.stage === 'TOWNSHIP_VERIFICATION');
    expect((await completeTask(fired)).status).toBe(200);
    await t.waitForCase(a.caseId, (s) => s.completedTaskIds.includes('township-verification-1'));
    await t.waitForCase(b.caseId, (s) =>
      s.openTasks.some((task) => task.taskId === 'follow-up-visit-1'),
    );
    await t.waitForCase(c.caseId, (s) => s.stage === 'DEMOCRATIC_APPRAISAL');
    expect(await stepCounts(c.runId)).toEqual([
      ['opened', 1],
      ['village-verification-1', 1],
    ]);
    const decisions = `SELECT 1 FROM audit_log WHERE target = $1 AND kind = 'case.decision' AND outcome = 'ok'`;
    expect(await t.count(decisions, [c.caseId])).toBe(1);
    // The services and workers reconnected by themselves: the same processes did all of this.
    expect(ServiceNames.map((name) => t.system.services[name].pid)).toEqual(pids);
  }, 180_000);

  it('retries what cases write while PostgreSQL is away, and writes each row once when it is back', async () => {
    // While the database is away the API answers 503 and logs each such request as an error.
    t.expectLogErrors(/"message":"[A-Z]+ \S+ failed: DATABASE\.UNAVAILABLE \[/, 'api');
    // D: its notice ends during the outage (the history's step and the next task are written then).
    const d0 = await caseAt('DEMOCRATIC_APPRAISAL');
    const households = [await t.storedHousehold(), await t.storedHousehold()];
    expect((await completeTask(d0)).status).toBe(200);
    const d = await t.waitForCase(d0.caseId, (s) => s.stage === 'PUBLIC_NOTICE');
    await t.token(city);
    // PostgreSQL goes two seconds before the notice ends: the outage stays short.
    await sleep(Date.parse(d.noticeEndsAt as string) - 2000 - Date.now());
    expect(Date.parse(d.noticeEndsAt as string)).toBeGreaterThan(Date.now());

    const fresh: string[] = [];
    await postgres.cut();
    try {
      // New cases reach Temporal (as a bureau's batch hands them over): their intake is due now.
      for (const householdKey of households) {
        const handle = await t.startCaseOnTemporal(householdKey, DefaultCasePolicy, uniqueId('PG'));
        fresh.push(handle.workflowId);
      }
      // A read that needs PostgreSQL (every signed-in request checks its account there).
      const read = await t.api('GET', '/v1/tasks?limit=1', undefined, city);
      expect(read).toMatchObject({ status: 503, body: { code: 'DATABASE.UNAVAILABLE' } });
      // The notice's end in D's history fails and is retried (the new cases' openings too, below).
      expect(await retrying([d.caseId])).toEqual({ [d.caseId]: 'recordStep' });
    } finally {
      await postgres.open();
    }

    for (const caseId of fresh) {
      const opened = await t.waitForCase(
        caseId,
        (s) => s.openTask?.taskId === 'village-verification-1',
      );
      expect(await stepCounts(opened.runId)).toEqual([['opened', 1]]);
      // Opened by a local activity of the workflow worker, which failed while PostgreSQL was away.
      const history = await decodedHistory((await t.client()).workflow.getHandle(caseId));
      const [attempts, ...more] = localActivityAttempts(history, 'openCase');
      expect(more).toEqual([]);
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(await t.count('SELECT 1 FROM cases WHERE case_id = $1', [caseId])).toBe(1);
      expect(await t.count('SELECT 1 FROM tasks WHERE run_id = $1', [opened.runId])).toBe(1);
    }
    await t.waitForCase(d.caseId, (s) => s.openTask?.taskId === 'township-verification-1');
    expect(await stepCounts(d.runId)).toEqual([
      ['democratic-appraisal-1', 1],
      ['opened', 1],
      ['public-notice-1', 1],
      ['village-verification-1', 1],
    ]);
    // The two decisions' audit entries, written with their steps: once each.
    expect(
      await t.count(`SELECT 1 FROM audit_log WHERE target = $1 AND kind = 'case.decision'`, [
        d.caseId,
      ]),
    ).toBe(2);
  }, 120_000);

  it('hands every record of a batch over once when the workflow worker is SIGKILLed in the middle', async () => {
    // Enough records that handing them over outlasts the first cases' opening, so that the kill
    // lands while the batch is dispatching, with some cases open and not all.
    const total = 200;
    const batchId = uniqueId('KILL');
    const records = Array.from({ length: total }, () => ({
      alertId: uniqueId('B'),
      villageCode: '220681001200',
      head: { name: '批量户主', residentId: newResidentId() },
      triggers: [2],
    }));
    const households = `SELECT household_key FROM alerts WHERE source = 'health' AND batch_id = $1`;
    const opened = () =>
      t.count(`SELECT 1 FROM cases WHERE household_key IN (${households})`, [batchId]);
    const status = async () =>
      (
        await t.db.query<{ status: string }>(
          `SELECT status FROM alert_batches WHERE source = 'health' AND batch_id = $1`,
          [batchId],
        )
      ).rows[0]?.status;
    expect((await t.api('PUT', `/v1/alert-batches/${batchId}`, { records }, health)).status).toBe(
      202,
    );

    // Some households' cases are open, not all, and the batch is not finished: kill the worker then.
    let before = await opened();
    for (let tries = 0; before < 3 && tries < 1200; tries++) {
      await sleep(25);
      before = await opened();
    }
    await t.system.kill(['workflow-worker']);
    expect({ before: before > 0 && before < total, status: await status() }).toEqual({
      before: true,
      status: 'dispatching',
    });
    await t.system.start(['workflow-worker']);

    for (let tries = 0; (await status()) !== 'done' && tries < 300; tries++) await sleep(200);
    const finished = await t.api('GET', `/v1/alert-batches/${batchId}`, undefined, health);
    expect(finished.body).toMatchObject({
      status: 'done',
      total,
      rejected: 0,
      duplicates: 0,
      newCases: total,
      attached: 0,
      dispatched: total,
    });
    for (let tries = 0; (await opened()) < total && tries < 300; tries++) await sleep(200);
    // One case per household, opened once, its alert attached once, its first task in the inbox once.
    const counts = () =>
      t.db.query<{ runs: string; events: string; tasks: string }>(
        `SELECT a.household_key,
                (SELECT count(*) FROM cases c WHERE c.household_key = a.household_key) AS runs,
                (SELECT count(*) FROM case_events e JOIN cases c USING (run_id)
                  WHERE c.household_key = a.household_key) AS events,
                (SELECT count(*) FROM tasks k JOIN cases c USING (run_id)
                  WHERE c.household_key = a.household_key) AS tasks
         FROM alerts a WHERE a.source = 'health' AND a.batch_id = $1`,
        [batchId],
      );
    const settled = (rows: { runs: string; events: string; tasks: string }[]) =>
      rows.every((r) => `${r.runs}/${r.events}/${r.tasks}` === '1/1/1');
    // The inbox row of a case's first task follows its case row a moment later.
    let perHousehold = await counts();
    for (let tries = 0; !settled(perHousehold.rows) && tries < 150; tries++) {
      await sleep(200);
      perHousehold = await counts();
    }
    expect(perHousehold.rows).toHaveLength(total);
    expect(perHousehold.rows.filter((r) => `${r.runs}/${r.events}/${r.tasks}` !== '1/1/1')).toEqual(
      [],
    );
    for (const r of records.slice(0, 3)) {
      const caseId = `case-${
        (
          await t.db.query<{ household_key: string }>(
            `SELECT household_key FROM alerts WHERE source = 'health' AND alert_id = $1`,
            [r.alertId],
          )
        ).rows[0]?.household_key
      }`;
      expect((await t.waitForCase(caseId, () => true)).alertIds).toEqual([r.alertId]);
    }
  }, 120_000);
});
