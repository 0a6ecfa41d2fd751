import { setTimeout as sleep } from 'node:timers/promises';

import type { CaseSummary } from '@fanpin/contracts';

import { replayAndRecord } from '../support/histories';
import { determined } from '../support/procedure';
import {
  TestSystem,
  policyEnv,
  standardForms,
  waitForVisibility,
  type AccountSpec,
} from '../support/harness';

/**
 * Identification below the city (plan §4.3) through the HTTP API as the village, the village
 * committee and the township would: each step a task with its role, its form and its deadline;
 * objections during the public notice; a case sent back, one rejected, one run late.
 */
describe('identification: village → appraisal → notice → township → report', () => {
  let t: TestSystem;
  const villageCode = '220681100200';
  const cadre: AccountSpec = { role: 'village-cadre', divisionCode: villageCode };
  const committee: AccountSpec = { role: 'village-committee', divisionCode: villageCode };
  const township: AccountSpec = { role: 'township-officer', divisionCode: '220681100' };

  beforeAll(async () => {
    t = await TestSystem.start('procedure', {
      api: policyEnv({ NOTICE_PERIOD: '6s', VILLAGE_VERIFICATION_DEADLINE: '3s' }),
    });
  });

  afterAll(async () => {
    await t?.stop();
  });

  async function openCase(): Promise<string> {
    const posted = await t.postAlert({ villageCode });
    expect(posted.status).toBe(202);
    await t.waitForCase(posted.body.caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    return posted.body.caseId;
  }

  const form = (kind: string) => standardForms[kind]?.body as Record<string, unknown>;

  function complete(caseId: string, taskId: string, body: unknown, as: AccountSpec) {
    return t.api<Record<string, unknown>>('POST', `/v1/cases/${caseId}/tasks/${taskId}`, body, as);
  }

  async function untilStage(caseId: string, stage: string): Promise<CaseSummary> {
    return t.waitForCase(caseId, (s) => s.stage === stage, 30_000);
  }

  it('checks who completes each task, what the form holds, and answers a repeat with the first answer', async () => {
    const caseId = await openCase();
    const village = form('village-verification');
    type Answer = { status: number; body: Record<string, unknown> };
    const refusals: [Promise<Answer>, number, string, unknown?][] = [
      [complete(caseId, 'village-verification-1', village, committee), 403, 'ACCESS.DENIED'],
      [
        complete(caseId, 'village-verification-1', village, {
          role: 'village-cadre',
          divisionCode: '220681100201',
        }),
        404,
        'CASE.NOT_FOUND',
      ],
      [
        complete(caseId, 'village-verification-1', { ...village, commitmentSigned: false }, cadre),
        400,
        'INPUT.INVALID',
        [
          {
            field: 'commitmentSigned',
            rule: 'rule',
            message: 'commitmentSigned must be true to nominate',
          },
          {
            field: 'commitmentSignedOn',
            rule: 'not-allowed',
            message: 'commitmentSignedOn goes with commitmentSigned true',
          },
        ],
      ],
      [
        complete(caseId, 'village-verification-1', { ...village, incomePerCapita: -1 }, cadre),
        400,
        'INPUT.INVALID',
        [{ field: 'incomePerCapita', rule: 'min', message: 'incomePerCapita must be at least 0' }],
      ],
      [
        complete(
          caseId,
          'village-verification-1',
          { ...village, assurances: { ...(village.assurances as object), food: 'yes' } },
          cadre,
        ),
        400,
        'INPUT.INVALID',
        [
          {
            field: 'assurances.food',
            rule: 'type',
            message: 'assurances.food must be true or false',
          },
        ],
      ],
      [
        // Well formed, but the form of another task: the case refuses it, as the API would.
        complete(caseId, 'village-verification-1', form('democratic-appraisal'), cadre),
        400,
        'INPUT.INVALID',
        [
          {
            field: 'kind',
            rule: 'one-of',
            message: "kind must be village-verification, the task's kind",
          },
        ],
      ],
      [
        complete(caseId, 'democratic-appraisal-1', form('democratic-appraisal'), committee),
        409,
        'CASE.TASK_NOT_OPEN',
      ],
      [
        t.api(
          'POST',
          `/v1/cases/${caseId}/objections`,
          { objectionId: 'OBJ-EARLY', groundsCode: 'X' },
          committee,
        ),
        409,
        'CASE.WRONG_STAGE',
      ],
    ];
    for (const [request, status, code, details] of refusals) {
      const result = await request;
      expect({ status: result.status, code: result.body.code }).toEqual({ status, code });
      if (details) expect(result.body.details).toEqual(details);
    }
    const notOpen = await complete(
      caseId,
      'democratic-appraisal-1',
      form('democratic-appraisal'),
      committee,
    );
    expect(notOpen.body.message).toBe(
      'the task is not open: the case is at stage VILLAGE_VERIFICATION and waits for village-verification-1 (village-cadre)',
    );
    const { runId } = await t.waitForCase(caseId, () => true);
    expect(await t.count('SELECT 1 FROM case_events WHERE run_id = $1', [runId])).toBe(1);

    const first = await complete(caseId, 'village-verification-1', village, cadre);
    expect(first).toMatchObject({
      status: 200,
      body: {
        taskId: 'village-verification-1',
        kind: 'village-verification',
        stage: 'DEMOCRATIC_APPRAISAL',
      },
    });
    const again = await complete(caseId, 'village-verification-1', village, cadre);
    expect(again).toEqual(first);
    const appraisal = await untilStage(caseId, 'DEMOCRATIC_APPRAISAL');
    expect(appraisal.openTask).toMatchObject({
      taskId: 'democratic-appraisal-1',
      awaitingRole: 'village-committee',
    });
    expect(await t.count('SELECT 1 FROM case_events WHERE run_id = $1', [runId])).toBe(2);
    const event = await t.db.query(
      "SELECT detail FROM case_events WHERE run_id = $1 AND step_id = 'village-verification-1'",
      [runId],
    );
    expect(event.rows[0].detail).toMatchObject({
      outcome: 'nominate',
      commitmentSigned: true,
      triggers: [2],
    });
    // The decision's audit entry is written with its history step, once, however often it is sent;
    // each refusal has its own.
    expect(first.body).not.toHaveProperty('audited');
    const audit = await t.db.query<Record<string, unknown>>(
      `SELECT outcome, actor_role, method, route, reason, correlation_id FROM audit_log
       WHERE kind = 'case.decision' AND target = $1 ORDER BY id`,
      [caseId],
    );
    const ok = audit.rows.filter((row) => row.outcome === 'ok');
    expect(ok).toEqual([
      {
        outcome: 'ok',
        actor_role: 'village-cadre',
        method: 'POST',
        route: '/v1/cases/:caseId/tasks/:taskId',
        reason: 'village-verification-1',
        correlation_id: expect.stringMatching(/^[A-Za-z0-9-]{8,64}$/),
      },
    ]);
    // Refusals of the case are audited; a form the API itself refuses never reached the case.
    expect(audit.rows.filter((row) => row.outcome === 'refused').map((row) => row.reason)).toEqual(
      expect.arrayContaining(['ACCESS.DENIED', 'INPUT.INVALID', 'CASE.TASK_NOT_OPEN']),
    );
    await (await t.client()).workflow.getHandle(caseId).terminate('test done');
  });

  it('sends a case back to the village when an objection during the notice is upheld', async () => {
    const caseId = await openCase();
    await complete(caseId, 'village-verification-1', form('village-verification'), cadre);
    await untilStage(caseId, 'DEMOCRATIC_APPRAISAL');
    await complete(caseId, 'democratic-appraisal-1', form('democratic-appraisal'), committee);
    const notice = await untilStage(caseId, 'PUBLIC_NOTICE');
    // The notice's end is the stage's deadline, told in the summary while it runs.
    expect(notice.noticeEndsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(notice).toMatchObject({ openTask: null, stageDeadline: notice.noticeEndsAt });

    // A malformed objection is refused with every problem, and lodges nothing.
    const malformed = await t.api(
      'POST',
      `/v1/cases/${caseId}/objections`,
      { objectionId: 'OBJ-BAD', groundsCode: 'not a code', extra: 1 },
      committee,
    );
    expect(malformed).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect(malformed.body.details).toEqual([
      expect.objectContaining({ field: 'groundsCode', rule: 'format' }),
      expect.objectContaining({ field: 'extra', rule: 'unknown-field' }),
    ]);

    const objection = { objectionId: 'OBJ-1', groundsCode: 'INCOME_UNDERSTATED' };
    const lodged = await t.api('POST', `/v1/cases/${caseId}/objections`, objection, committee);
    expect(lodged).toMatchObject({
      status: 200,
      body: { objectionId: 'OBJ-1', taskId: 'objection-review-1' },
    });
    const relodged = await t.api('POST', `/v1/cases/${caseId}/objections`, objection, committee);
    expect(relodged.body).toEqual(lodged.body);

    // The township reviews it; the village may not.
    const review = { kind: 'objection-review', upheld: true, reasonCode: 'INCOME_UNDERSTATED' };
    expect((await complete(caseId, 'objection-review-1', review, cadre)).status).toBe(403);
    expect((await complete(caseId, 'objection-review-1', review, township)).status).toBe(200);

    const back = await untilStage(caseId, 'VILLAGE_VERIFICATION');
    expect(back.openTask).toMatchObject({ taskId: 'village-verification-2' });
    expect(back.objectionIds).toEqual(['OBJ-1']);
    expect(back.noticeEndsAt).toBeNull();
    expect(back.timeline?.map((e) => e.event)).toContain('sent-back');
    const steps = await t.db.query<{
      kind: string;
      step_id: string;
      detail: Record<string, unknown>;
    }>('SELECT kind, step_id, detail FROM case_events WHERE run_id = $1 ORDER BY id', [back.runId]);
    expect(steps.rows.map((r) => r.step_id)).toEqual([
      'opened',
      'village-verification-1',
      'democratic-appraisal-1',
      'objection-OBJ-1',
      'objection-review-1',
      'public-notice-1',
    ]);
    expect(steps.rows[4]?.detail).toEqual({
      kind: 'objection-review',
      upheld: true,
      reasonCode: 'INCOME_UNDERSTATED',
    });

    // The second round goes through, and the case reaches the city.
    await t.reachCityDetermination(caseId);
    const handle = (await t.client()).workflow.getHandle(caseId);
    expect(await t.determine(caseId, { include: false, reasonCode: 'RECHECKED' })).toEqual(
      determined('EXCLUDED'),
    );
    await handle.result();
    await replayAndRecord(handle, 'objection-upheld-then-excluded');
  });

  it('closes a case the township rejects, with the reason, and enters nothing', async () => {
    const caseId = await openCase();
    await complete(caseId, 'village-verification-1', form('village-verification'), cadre);
    await untilStage(caseId, 'DEMOCRATIC_APPRAISAL');
    await complete(caseId, 'democratic-appraisal-1', form('democratic-appraisal'), committee);
    await untilStage(caseId, 'TOWNSHIP_VERIFICATION');
    const rejected = await complete(
      caseId,
      'township-verification-1',
      {
        kind: 'township-verification',
        outcome: 'reject',
        visitedOn: '2026-11-30',
        riskTypes: ['OTHER'],
        ledgerEntry: 'TZ-9',
        reasonCode: 'INCOME_ABOVE_LINE',
      },
      township,
    );
    expect(rejected).toEqual({
      status: 200,
      body: { taskId: 'township-verification-1', kind: 'township-verification', stage: 'EXCLUDED' },
    });
    const handle = (await t.client()).workflow.getHandle(caseId);
    expect(await handle.result()).toMatchObject({ stage: 'EXCLUDED', nationalEntryId: null });
    const { rows } = await t.db.query('SELECT status FROM cases WHERE case_id = $1', [caseId]);
    expect(rows).toEqual([{ status: 'excluded' }]);
    await replayAndRecord(handle, 'township-rejected');
  });

  it('turns a permanent national rejection into a manual entry by the city bureau', async () => {
    const caseId = await openCase();
    await t.reachCityDetermination(caseId);
    await t.simulator({ rejectNext: 1 });
    try {
      expect(
        (await t.determine(caseId, { include: true, householdClass: 'marginal' })).status,
      ).toBe(200);
      const waiting = await t.waitForCase(
        caseId,
        (s) => s.openTask?.taskId === 'manual-national-entry-1',
      );
      expect(waiting).toMatchObject({
        stage: 'NATIONAL_ENTRY',
        openTask: { kind: 'manual-national-entry', awaitingRole: 'city-bureau' },
      });
      const city: AccountSpec = { role: 'city-bureau', divisionCode: '220681' };
      const entry = {
        kind: 'manual-national-entry',
        entryId: 'NM0000099999',
        enteredOn: '2026-11-30',
      };
      expect((await complete(caseId, 'manual-national-entry-1', entry, township)).status).toBe(403);
      expect((await complete(caseId, 'manual-national-entry-1', entry, city)).status).toBe(200);
      const handle = (await t.client()).workflow.getHandle(caseId);
      const included = await t.waitForCase(caseId, (s) => s.stage === 'ASSISTANCE_PLANNING');
      expect(included).toMatchObject({ nationalEntryId: 'NM0000099999' });
      // The entry made by hand is the case's one national entry, as an automatic one would be.
      const entries = await t.db.query(
        'SELECT idempotency_key, event, entry_id FROM national_entries WHERE run_id = $1',
        [included.runId],
      );
      expect(entries.rows).toEqual([
        {
          idempotency_key: `${included.runId}:inclusion`,
          event: 'inclusion',
          entry_id: 'NM0000099999',
        },
      ]);
      await replayAndRecord(handle, 'national-rejected-then-entered-by-hand');
    } finally {
      await t.simulator({ rejectNext: 0 });
    }
  });

  it('flags a village task overdue and hands it to the township to chase', async () => {
    const caseId = await openCase();
    const client = await t.client();
    await waitForVisibility(
      client,
      `WorkflowId = '${caseId}' AND CaseStage = 'VILLAGE_VERIFICATION' AND Overdue = true`,
      1,
      20_000,
    );
    const summary = await t.waitForCase(
      caseId,
      (s) => s.openTask?.escalatedTo === 'township-officer',
    );
    expect(summary.timeline?.some((e) => e.event === 'overdue')).toBe(true);
    // The township sees it in its inbox; it is still the village's to complete.
    let listed: { tasks: { caseId: string; escalatedTo: string | null }[] } = { tasks: [] };
    for (let i = 0; i < 50 && !listed.tasks.some((x) => x.caseId === caseId); i++) {
      listed = (await t.api<typeof listed>('GET', '/v1/tasks', undefined, township)).body;
      await sleep(200);
    }
    expect(listed.tasks.find((x) => x.caseId === caseId)).toMatchObject({
      escalatedTo: 'township-officer',
    });
    expect(
      (await complete(caseId, 'village-verification-1', form('village-verification'), cadre))
        .status,
    ).toBe(200);
    await client.workflow.getHandle(caseId).terminate('test done');
  });
});
