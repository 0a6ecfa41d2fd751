import type { CaseSummary } from '@fanpin/contracts';

import type { ServiceName } from '@fanpin/devstack';

import { TestSystem, newResidentId } from '../support/harness';
import { assistancePlan } from '../support/procedure';

/**
 * The production shape under failure: the Temporal server on PostgreSQL (npm run test:cluster
 * starts it), two processes of every service, households walked from a bureau's alert to
 * monitoring while one process of each worker kind is killed midway. Every case must finish, each
 * household entered in the national system once, and every open task in the inbox.
 */
describe('cluster: two processes of each kind, one of each killed midway', () => {
  let t: TestSystem;
  const workers: ServiceName[] = [
    'intake',
    'verification',
    'assistance',
    'national-entry',
    'workflow-worker',
  ];
  const villages = ['220681101200', '220681102200', '220681103200', '220681104200'];

  beforeAll(async () => {
    t = await TestSystem.start('cluster', {}, { replicas: 2 });
  }, 300_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('finishes every case with no duplicate national entry and no lost task', async () => {
    const posted = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.postAlert({ residentId: newResidentId(), villageCode: villages[i % villages.length] }),
      ),
    );
    expect(posted.map((p) => p.status)).toEqual(Array(8).fill(202));
    const caseIds = posted.map((p) => p.body.caseId);

    // Half the households walk to the city first; the workers' first processes die meanwhile.
    const walks = caseIds.map((caseId) => t.reachCityDetermination(caseId, 240_000));
    await Promise.race(walks);
    await t.system.kill(workers);
    const atCity: CaseSummary[] = await Promise.all(walks);
    expect(atCity.map((s) => s.stage)).toEqual(Array(8).fill('CITY_DETERMINATION'));

    for (const caseId of caseIds) {
      expect(
        (await t.determine(caseId, { include: true, householdClass: 'marginal' })).status,
      ).toBe(200);
    }
    const city = { role: 'city-bureau' as const, divisionCode: '220681' };
    for (const caseId of caseIds) {
      await t.waitForCase(caseId, (s) => s.openTask?.taskId === 'assistance-plan-1', 120_000);
      const done = await t.api(
        'POST',
        `/v1/cases/${caseId}/tasks/assistance-plan-1`,
        assistancePlan,
        city,
      );
      expect(done.status).toBe(200);
    }
    const monitored = await Promise.all(
      caseIds.map((caseId) => t.waitForCase(caseId, (s) => s.stage === 'MONITORING', 120_000)),
    );

    // Each household entered once in the national system, whatever was retried: one entry per
    // idempotency key there (the inclusion, then the plan's measures as an update), one row here.
    const entries = await t.simulatorEntries();
    for (const s of monitored) {
      const mine = entries.filter((e) => e.idempotencyKey.startsWith(`${s.runId}:`));
      const keys = mine.map((e) => e.idempotencyKey);
      expect({ caseId: s.caseId, duplicates: keys.length - new Set(keys).size }).toEqual({
        caseId: s.caseId,
        duplicates: 0,
      });
      expect(keys).toContain(`${s.runId}:inclusion`);
      const events = await t.db.query<{ event: string; n: number }>(
        'SELECT event, count(*)::int AS n FROM national_entries WHERE run_id = $1 GROUP BY event',
        [s.runId],
      );
      expect(events.rows).toContainEqual({ event: 'inclusion', n: 1 });
      expect(events.rows.every((r) => r.n === 1)).toBe(true);
    }
    // Every task a case has open is in the inbox as open: nothing was lost with the processes.
    for (const s of monitored) {
      for (const task of s.openTasks) {
        let found = 0;
        for (let tries = 0; found === 0 && tries < 50; tries++) {
          found = await t.count(
            "SELECT 1 FROM tasks WHERE run_id = $1 AND task_id = $2 AND status = 'open'",
            [s.runId, task.taskId],
          );
          if (found === 0) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect({ caseId: s.caseId, task: task.taskId, inInbox: found }).toEqual({
          caseId: s.caseId,
          task: task.taskId,
          inInbox: 1,
        });
      }
    }
  });
});
