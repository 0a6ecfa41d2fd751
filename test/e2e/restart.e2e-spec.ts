import { setTimeout as sleep } from 'node:timers/promises';

import type { CaseSummary } from '@fanpin/contracts';
import type { ServiceName } from '@fanpin/devstack';

import {
  TestSystem,
  newResidentId,
  waitForVisibility,
  policyEnv,
  waitUntil,
  type AccountSpec,
} from '../support/harness';
import { determined, eliminationSteps, stableVisit, staffOf } from '../support/procedure';

/** Everything but the simulated national system, which stands for the outside world. */
const ours: ServiceName[] = [
  'api',
  'intake',
  'verification',
  'assistance',
  'national-entry',
  'workflow-worker',
];

/**
 * Cases outlive their processes: the worker and every service are killed with SIGKILL (no chance to
 * clean up) while cases wait, and new processes finish the cases with nothing lost or duplicated.
 * The stack is supervised as `npm start` runs it: these deliberate kills must not be fought.
 */
describe('surviving restarts', () => {
  let t: TestSystem;
  /** Cases waiting for the city's decision, for the tests that start from there (see `atCityDesk`). */
  let waitingForCity: CaseSummary[];

  beforeAll(async () => {
    // A notice long enough to kill everything while it runs.
    t = await TestSystem.start(
      'restart',
      {
        api: policyEnv({ NOTICE_PERIOD: '6s', FOLLOW_UP_INTERVAL: '4s', ROLLBACK_WINDOW: '3s' }),
        // A killed worker's cases wait this long for it before the new one takes them (10 s by
        // default): the least the setting takes, since every step after a kill waits it out.
        'workflow-worker': { STICKY_QUEUE_TIMEOUT_SECONDS: '1' },
        // Long enough to finish a call slowed by 1.5 s, short enough to hand back one of 8 s.
        'national-entry': { SHUTDOWN_GRACE_SECONDS: '4' },
      },
      { supervise: true },
    );
    // Every case a test takes at the city's desk, walked there side by side before any process is
    // killed: the notices run once for all of them. Waiting for a decision, a case has nothing to
    // lose from the kills of the tests before its own.
    waitingForCity = await walkToCity(8);
  }, 240_000);

  afterAll(async () => {
    await t?.stop();
  });

  async function walkToCity(count: number): Promise<CaseSummary[]> {
    const caseIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const { status, body } = await t.postAlert({ residentId: newResidentId() });
      expect(status).toBe(202);
      caseIds.push(body.caseId);
    }
    // Side by side: each waits out its notice and the report cut-off.
    return Promise.all(caseIds.map((caseId) => t.reachCityDetermination(caseId, 180_000)));
  }

  /** `count` of the cases walked to the city's desk in `beforeAll`, none given to another test. */
  function atCityDesk(count: number): CaseSummary[] {
    const taken = waitingForCity.splice(0, count);
    if (taken.length < count) throw new Error(`${count} cases wanted, ${taken.length} left`);
    return taken;
  }

  async function expectExactlyOnce(caseId: string): Promise<void> {
    const { runId, stage, nationalEntryId } = await t.waitForCase(
      caseId,
      (s) => s.stage === 'ASSISTANCE_PLANNING',
    );
    expect({ stage, nationalEntryId }).toEqual({
      stage: 'ASSISTANCE_PLANNING',
      nationalEntryId: expect.stringMatching(/^NM/),
    });
    const household = await t.db.query('SELECT household_key FROM cases WHERE run_id = $1', [
      runId,
    ]);
    expect(
      await t.count('SELECT 1 FROM cases WHERE household_key = $1', [
        household.rows[0].household_key,
      ]),
    ).toBe(1);
    // Opened, three identification tasks, the notice, the report, the decision: each once.
    expect(await t.count('SELECT 1 FROM case_events WHERE run_id = $1', [runId])).toBe(7);
    expect(await t.count('SELECT 1 FROM national_entries WHERE run_id = $1', [runId])).toBe(1);
    // Included: the city's assistance plan is the one open task (its inbox row follows the state).
    const openTasks = () =>
      t.count("SELECT 1 FROM tasks WHERE run_id = $1 AND status = 'open'", [runId]);
    for (let tries = 0; (await openTasks()) === 0 && tries < 50; tries++) await sleep(200);
    expect(await openTasks()).toBe(1);
    const entries = (await t.simulatorEntries()).filter(
      (e) => e.idempotencyKey === `${runId}:inclusion`,
    );
    expect(entries).toHaveLength(1);
    await waitForVisibility(await t.client(), `WorkflowId = '${caseId}'`, 1);
  }

  it('carries a case through identification with every process SIGKILLed at each stage', async () => {
    const { body } = await t.postAlert({ residentId: newResidentId() });
    const caseId = body.caseId;
    const restartAll = async () => {
      await t.system.kill(ours);
      await t.system.start(ours);
    };
    const at = (stage: string) => t.waitForCase(caseId, (s) => s.stage === stage, 60_000);
    const complete = async (stage: string) => {
      const s = await at(stage);
      const task = s.openTask as NonNullable<typeof s.openTask>;
      const done = await t.completeOpenTask(s);
      expect({ task: task.taskId, status: done.status }).toEqual({
        task: task.taskId,
        status: 200,
      });
    };

    await at('VILLAGE_VERIFICATION');
    await restartAll();
    await complete('VILLAGE_VERIFICATION');
    await at('DEMOCRATIC_APPRAISAL');
    await restartAll();
    await complete('DEMOCRATIC_APPRAISAL');
    // Killed while the notice's durable timer runs: it fires for the new processes.
    await at('PUBLIC_NOTICE');
    await restartAll();
    await complete('TOWNSHIP_VERIFICATION');
    await at('CITY_DETERMINATION');
    await restartAll();
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    await expectExactlyOnce(caseId);
  }, 240_000);

  it('carries an included case through monitoring to risk eliminated, SIGKILLed at each stage', async () => {
    const [{ caseId }] = atCityDesk(1) as [CaseSummary];
    const restartAll = async () => {
      await t.system.kill(ours);
      await t.system.start(ours);
    };
    const at = (stage: string) => t.waitForCase(caseId, (s) => s.stage === stage, 60_000);
    const complete = async (
      taskId: string,
      body: unknown,
      as: (d: CaseSummary['divisions']) => AccountSpec,
    ) => {
      const s = await t.waitForCase(caseId, (c) => c.openTask?.taskId === taskId, 60_000);
      const done = await t.api(
        'POST',
        `/v1/cases/${caseId}/tasks/${taskId}`,
        body,
        as(s.divisions),
      );
      expect({ taskId, status: done.status }).toEqual({ taskId, status: 200 });
    };
    const city = (): AccountSpec => ({ role: 'city-bureau', divisionCode: '220681' });
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    await at('ASSISTANCE_PLANNING');
    await restartAll();
    const measure = {
      measureId: 'M-R',
      kind: 'employment',
      measureCode: 'SKILLS_TRAINING',
      leadDepartment: 'human-resources',
      responsibleDepartments: [],
      dueOn: '2027-06-30',
    };
    await complete(
      'assistance-plan-1',
      { kind: 'assistance-plan', measures: [measure], announcedOn: '2026-11-30' },
      city,
    );
    // Killed while the follow-up cycle's durable timer runs.
    await at('MONITORING');
    await restartAll();
    await complete('follow-up-visit-1', { ...stableVisit, proposeElimination: true }, (d) => ({
      role: 'village-cadre',
      divisionCode: d.villageCode,
    }));
    // Killed at each stage of the elimination (its notice's durable timer among them).
    const stages = ['ELIMINATION_APPRAISAL', 'ELIMINATION_NOTICE', 'ELIMINATION_CITY'];
    for (const [i, { role, body }] of eliminationSteps.entries()) {
      await at(stages[i] as string);
      await restartAll();
      await complete(`${body.kind}-1`, body, (d) => staffOf(role, d));
    }
    const result = await (await t.client()).workflow.getHandle(caseId).result();
    expect(result.stage).toBe('RISK_ELIMINATED');
    const { runId } = await t.waitForCase(caseId, (s) => s.stage === 'RISK_ELIMINATED');
    const marks = (await t.simulatorEntries()).filter((e) => e.idempotencyKey.startsWith(runId));
    expect(marks.map((e) => [e.idempotencyKey, e.requests])).toEqual(
      expect.arrayContaining([
        [`${runId}:inclusion`, 1],
        [`${runId}:elimination-1`, 1],
      ]),
    );
    expect(marks).toHaveLength(2);
    expect(
      await t.count("SELECT 1 FROM case_events WHERE run_id = $1 AND kind = 'elimination'", [
        runId,
      ]),
    ).toBe(1);
    expect((await t.db.query('SELECT status FROM cases WHERE run_id = $1', [runId])).rows).toEqual([
      { status: 'risk-eliminated' },
    ]);
  }, 300_000);

  it('finishes cases that were waiting for a decision when every process was SIGKILLed', async () => {
    const caseIds = atCityDesk(3).map((c) => c.caseId);
    const oldPids = ours.map((name) => t.system.services[name].pid);

    await t.system.kill(ours);
    await t.system.start(ours);
    expect(ours.map((name) => t.system.services[name].pid)).not.toEqual(oldPids);

    for (const caseId of caseIds) {
      const decided = await t.determine(caseId, { include: true, householdClass: 'marginal' });
      expect(decided).toEqual(determined('NATIONAL_ENTRY'));
    }
    await Promise.all(caseIds.map((caseId) => expectExactlyOnce(caseId)));
  });

  it('opens a case whose workflow worker was dead when the alert came, once it is back', async () => {
    await t.system.kill(['workflow-worker']);
    const { status, body } = await t.postAlert({ residentId: newResidentId() });
    expect(status).toBe(202);
    const run = await (await t.client()).workflow.getHandle(body.caseId).describe();
    expect(run.status.name).toBe('RUNNING');
    // The case opens in its first workflow task, which no worker has taken yet.
    expect(await t.count('SELECT 1 FROM cases WHERE case_id = $1', [body.caseId])).toBe(0);

    await t.system.start(['workflow-worker']);
    const opened = await t.waitForCase(body.caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    expect(opened.runId).toBe(run.runId);
    expect(await t.count('SELECT 1 FROM cases WHERE case_id = $1', [body.caseId])).toBe(1);
  });

  it('opens a case while the intake service is dead: the workflow worker opens it', async () => {
    await t.system.kill(['intake']);
    try {
      const { status, body } = await t.postAlert({ residentId: newResidentId() });
      expect(status).toBe(202);
      await t.waitForCase(body.caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
      expect(await t.count('SELECT 1 FROM tasks WHERE case_id = $1', [body.caseId])).toBe(1);
    } finally {
      await t.system.start(['intake']);
    }
  });

  it('finishes a decision taken just before the activity services died', async () => {
    const [{ caseId }] = atCityDesk(1) as [CaseSummary];
    await t.system.kill(['verification', 'national-entry', 'assistance']);
    const pending = t.determine(caseId, {
      include: true,
      householdClass: 'unstable-out-of-poverty',
    });
    await t.system.start(['verification', 'national-entry', 'assistance']);
    expect(await pending).toMatchObject({ status: 200, body: { stage: 'NATIONAL_ENTRY' } });
    await expectExactlyOnce(caseId);
  });

  /** Kills and stops of the national-entry service while its call to a slowed national system runs. */
  describe('while a national entry is in flight', () => {
    const included = { include: true, householdClass: 'marginal' };
    let waiting: CaseSummary[];

    beforeAll(() => {
      waiting = atCityDesk(3);
    });

    afterEach(async () => {
      await t.simulator({ latencyMs: 0 });
    });

    /** Decides the case and waits until the simulator holds its entry request unanswered. */
    async function decideUntilInFlight(c: CaseSummary, latencyMs: number): Promise<string> {
      const key = `${c.runId}:inclusion`;
      await t.simulator({ latencyMs });
      expect((await t.determine(c.caseId, included)).status).toBe(200);
      const inFlight = await waitUntil('the entry request in flight', async () => {
        const requests = await t.simulatorRequests(key);
        return requests.length > 0 ? requests : undefined;
      });
      expect(inFlight).toEqual([
        expect.objectContaining({ idempotencyKey: key, answeredAt: null, outcome: null }),
      ]);
      return key;
    }

    /**
     * SIGTERM to national entry (it exits 0) while the case's entry request is in flight: its key,
     * and whether the stopped process recorded the entry.
     */
    async function stopMidEntry(c: CaseSummary, latencyMs: number) {
      const key = await decideUntilInFlight(c, latencyMs);
      expect(await t.system.services['national-entry'].stop()).toBe(0);
      const recorded = await t.count('SELECT 1 FROM national_entries WHERE idempotency_key = $1', [
        key,
      ]);
      return { c, key, recorded };
    }

    /** Every entry request of the case's run (whatever its key), once each is answered. */
    function answered(c: CaseSummary): Promise<[string, string | null][]> {
      return waitUntil('every entry request answered', async () => {
        const requests = (await t.simulatorRequests()).filter((r) =>
          r.idempotencyKey.startsWith(`${c.runId}:`),
        );
        return requests.every((r) => r.outcome !== null)
          ? requests.map((r): [string, string | null] => [r.idempotencyKey, r.outcome])
          : undefined;
      });
    }

    it('enters the household once when national entry is SIGKILLed mid-call, retried on a heartbeat timeout', async () => {
      const c = waiting[0] as CaseSummary;
      const key = await decideUntilInFlight(c, 3000);
      await t.system.kill(['national-entry']);
      await t.simulator({ latencyMs: 0 });
      await t.system.start(['national-entry']);

      // Well past the one-minute start-to-close timeout, so that only the history says which path it took.
      await t.waitForCase(c.caseId, (s) => s.stage !== 'NATIONAL_ENTRY', 90_000);
      // The dead worker's attempt timed out on its missing heartbeats, not on the whole minute.
      expect(await t.activityStarts(c.caseId, 'enterMonitoringObject')).toEqual([
        {
          attempt: 2,
          lastFailure: { info: 'timeout', timeoutType: 'TIMEOUT_TYPE_HEARTBEAT' },
        },
      ]);
      // The killed call was entered all the same; the retry was answered from its idempotency key.
      expect((await answered(c)).sort()).toEqual([
        [key, 'created'],
        [key, 'replayed'],
      ]);
      await expectExactlyOnce(c.caseId);
    }, 150_000);

    it('drains national entry on SIGTERM: the call in flight is finished before the process exits', async () => {
      const { c, key, recorded } = await stopMidEntry(waiting[1] as CaseSummary, 1500);
      // Recorded and reported by the draining process: no national-entry process runs now.
      expect(recorded).toBe(1);
      expect(await answered(c)).toEqual([[key, 'created']]);
      expect(await t.activityStarts(c.caseId, 'enterMonitoringObject')).toEqual([
        { attempt: 1, lastFailure: null },
      ]);
      await t.system.start(['national-entry']);
      await expectExactlyOnce(c.caseId);
    });

    it('hands a call back on SIGTERM when it outlasts the grace time, and it is retried at once', async () => {
      const { c, key, recorded } = await stopMidEntry(waiting[2] as CaseSummary, 8000);
      expect(recorded).toBe(0);
      await t.simulator({ latencyMs: 0 });
      await t.system.start(['national-entry']);
      await expectExactlyOnce(c.caseId);
      // Cancelled at the end of the grace time and handed back as failed, not left to time out.
      expect(await t.activityStarts(c.caseId, 'enterMonitoringObject')).toEqual([
        { attempt: 2, lastFailure: { info: 'application', applicationType: 'WorkerShutdown' } },
      ]);
      expect((await answered(c)).sort()).toEqual([
        [key, 'created'],
        [key, 'replayed'],
      ]);
    });
  });

  it('restarts a service that died unexpectedly, and logs the death and the restart', async () => {
    // Every kill before this one was deliberate (System.kill): the supervisor fought none of them.
    expect(t.stackLog).toEqual([]);
    const intake = t.system.services.intake;
    const pid = intake.pid as number;
    process.kill(pid, 'SIGKILL');
    // Died, restarted, ready again: three lines.
    await waitUntil('intake back and ready', () =>
      Promise.resolve(t.stackLog.length >= 3 ? true : undefined),
    );
    expect(await intake.health()).toBe('ready');
    expect(t.stackLog).toEqual([
      expect.stringMatching(
        new RegExp(
          `^intake \\(pid ${pid}\\) exited \\(SIGKILL\\) unexpectedly after \\d+ s: restart 1 in 1 s$`,
        ),
      ),
      `intake restarted (pid ${intake.pid})`,
      `intake ready again (pid ${intake.pid})`,
    ]);
    // It answers: a new alert opens its case through the restarted intake.
    const { body } = await t.postAlert({ residentId: newResidentId() });
    await t.waitForCase(body.caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    expect((await t.system.processList()).find((l) => l.startsWith('intake '))).toMatch(
      /\bready\s+1 restart$/,
    );
  });
});
