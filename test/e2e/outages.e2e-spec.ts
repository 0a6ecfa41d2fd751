import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { DefaultCasePolicy, type CaseSummary } from '@fanpin/contracts';
import { ServiceNames } from '@fanpin/devstack';

import { OwnTemporalServer, TcpProxy } from '../support/outage-servers';
import {
  TestSystem,
  newResidentId,
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
          POLICY_NOTICE_PERIOD: '8s',
          POLICY_FOLLOW_UP_INTERVAL: '10s',
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

  it('resumes every case after the Temporal server is stopped and started again on its file', async () => {
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

    await temporal.down();
    // Both timers were still to fire when the server went: they fire for the restarted one.
    const stoppedAt = Date.now();
    expect(Date.parse(a.noticeEndsAt as string)).toBeGreaterThan(stoppedAt);
    expect(Date.parse(b.stageDeadline as string)).toBeGreaterThan(stoppedAt);

    // Meanwhile the API answers within its deadline, with the code of an unreachable Temporal and
    // the answer for a request whose Update may or may not have reached the case: send it again.
    const form = standardForms['village-verification']!;
    const send = () =>
      t.api(
        'POST',
        `/v1/cases/${c.caseId}/tasks/village-verification-1`,
        form.body,
        form.as(c.divisions),
      );
    const whileDown = await send();
    expect(whileDown).toMatchObject({
      status: 504,
      body: { code: 'TEMPORAL.UNAVAILABLE' },
    });
    expect(await t.api('GET', `/v1/cases/${a.caseId}`)).toMatchObject({
      status: 504,
      body: { code: 'TEMPORAL.UNAVAILABLE' },
    });

    await temporal.up();
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
    // The services and workers reconnected by themselves: the same processes did all of this.
    expect(ServiceNames.map((name) => t.system.services[name].pid)).toEqual(pids);
  }, 180_000);
});
