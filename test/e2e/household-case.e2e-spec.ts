import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import {
  CaseSearchAttributes,
  DefaultCasePolicy,
  completeTaskUpdate,
  type CasePolicy,
  type CaseSummary,
} from '@fanpin/contracts';
import { WorkingDayCalendar } from '@fanpin/platform';
import { locateTemporalCli, silentLog } from '@fanpin/devstack';

import { decodedHistory, replayAndRecord } from '../support/histories';
import { determined, identificationSteps, staffOf } from '../support/procedure';
import {
  TestSystem,
  alertBody,
  healthBureau,
  newResidentId,
  policyEnv,
  uniqueId,
  waitForVisibility,
  withWrongCheckChar,
} from '../support/harness';

const execFileAsync = promisify(execFile);

/**
 * The first slice of the household case, driven through the HTTP API as an integration and the city
 * bureau would, against the real Temporal dev server and PostgreSQL.
 */
describe('household case: alert → intake → city determination → national entry → assistance plan', () => {
  let t: TestSystem;

  beforeAll(async () => {
    // Identification must finish within 30 s of intake here: long enough to walk a case through the
    // village, the notice and the township on a busy machine (a few seconds on a quiet one), short
    // enough to see it run late.
    t = await TestSystem.start('household-case', {
      api: policyEnv({ IDENTIFICATION_DEADLINE: '30s' }),
    });
    // The case that runs late is walked to the city now, and its deadline runs out while the other
    // tests run (its own test waits for the rest).
    lateCase = openCase().then(async (caseId) => {
      await waitForVisibility(await t.client(), `WorkflowId = '${caseId}' AND Overdue = false`, 1);
      return caseId;
    });
    lateCase.catch(() => undefined);
    onTimeCase = walkOnTime();
    onTimeCase.catch(() => undefined);
  });

  afterAll(async () => {
    await lateCase?.catch(() => undefined);
    await onTimeCase?.catch(() => undefined);
    await t?.stop();
  });

  let lateCase: Promise<string> | undefined;

  /**
   * A case whose every step is done at once, under a policy whose half-monthly wait (22 s) is
   * longer than the whole identification (20 s): it reaches the city only through the wait, with
   * the identification's clock stopped meanwhile. Walked while the other tests run.
   */
  let onTimeCase: ReturnType<typeof walkOnTime> | undefined;
  async function walkOnTime() {
    const householdKey = await t.storedHousehold();
    const handle = await startCase(
      householdKey,
      {
        ...DefaultCasePolicy,
        version: 'test-paused-clock',
        deadlines: { identification: { duration: '20s' } },
        steps: {
          ...DefaultCasePolicy.steps,
          noticePeriod: { duration: '1s' },
          reportCutoff: { duration: '22s' },
        },
      },
      'ON-TIME',
    );
    const reached = await t.reachCityDetermination(handle.workflowId);
    const reachedAt = Date.now();
    // The city decides at once, too.
    const decided = await t.determine(handle.workflowId, {
      include: false,
      reasonCode: 'NOT_AT_RISK',
    });
    return { caseId: handle.workflowId, reached, reachedAt, decided };
  }

  const startCase = (...args: Parameters<TestSystem['startCaseOnTemporal']>) =>
    t.startCaseOnTemporal(...args);

  async function openCase(residentId = newResidentId()): Promise<string> {
    const { status, body } = await t.postAlert({ residentId });
    expect(status).toBe(202);
    await t.reachCityDetermination(body.caseId);
    return body.caseId;
  }

  it('opens a case from a bureau alert: stored, waiting for the city, findable by its search attributes', async () => {
    const residentId = newResidentId();
    const alert = alertBody({ residentId, villageCode: '220681101200', bureau: 'education' });
    const { status, body } = await t.api<{ caseId: string; status: string }>(
      'POST',
      '/v1/alerts',
      alert,
    );
    expect(status).toBe(202);
    expect(body.status).toBe('dispatched');
    expect(body.caseId).toMatch(/^case-hh[0-9a-f]{32}$/);
    expect(body.caseId).not.toContain(residentId);

    const first = await t.waitForCase(body.caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    expect(first.openTask).toMatchObject({
      taskId: 'village-verification-1',
      kind: 'village-verification',
      awaitingRole: 'village-cadre',
    });
    // The stage is due when its task is; no public notice runs.
    expect(first).toMatchObject({ stageDeadline: first.openTask?.dueAt, noticeEndsAt: null });
    // Nothing is late yet: Overdue is false from the case's start, never unset.
    await waitForVisibility(
      await t.client(),
      `WorkflowId = '${body.caseId}' AND CaseStage = 'VILLAGE_VERIFICATION' AND Overdue = false`,
      1,
    );
    const summary = await t.reachCityDetermination(body.caseId);
    expect(summary.openTask).toMatchObject({
      taskId: 'determination-1',
      kind: 'city-determination',
      awaitingRole: 'city-bureau',
    });
    expect(summary.openTasks).toEqual([summary.openTask]);
    expect(summary).toMatchObject({ stageDeadline: summary.openTask?.dueAt, noticeEndsAt: null });
    expect(summary.completedTaskIds).toEqual([
      'village-verification-1',
      'democratic-appraisal-1',
      'township-verification-1',
    ]);
    expect(summary.divisions).toEqual({
      countyCode: '220681',
      townshipCode: '220681101',
      villageCode: '220681101200',
    });
    expect(summary.alertIds).toEqual([alert.alertId]);

    const rows = await t.db.query(
      'SELECT status, township_code, channel FROM cases WHERE case_id = $1',
      [body.caseId],
    );
    expect(rows.rows).toEqual([
      { status: 'open', township_code: '220681101', channel: 'bureau-alert' },
    ]);

    const query = `WorkflowId = '${body.caseId}' AND CaseStage = 'CITY_DETERMINATION' AND AwaitingRole = 'city-bureau' AND TownshipCode = '220681101' AND VillageCode = '220681101200'`;
    await waitForVisibility(await t.client(), query, 1);
    const cli = await locateTemporalCli(silentLog);
    const { stdout } = await execFileAsync(cli, [
      'workflow',
      'list',
      '--address',
      t.temporalAddress,
      '--query',
      query,
      '--output',
      'json',
    ]);
    expect(stdout).toContain(body.caseId);
  });

  it('attaches a resent alert and further alerts for the same household to its one open case', async () => {
    const residentId = newResidentId();
    const first = alertBody({ residentId, bureau: 'health' });
    const opened = await t.api<{ caseId: string; status: string }>('POST', '/v1/alerts', first);
    expect(opened.status).toBe(202);

    const resent = await t.api<{ caseId: string; status: string }>('POST', '/v1/alerts', first);
    expect(resent).toEqual({
      status: 200,
      body: { alertId: first.alertId, caseId: opened.body.caseId, status: 'duplicate' },
    });

    const second = alertBody({ residentId, bureau: 'civil-affairs' });
    const joined = await t.api<{ caseId: string }>('POST', '/v1/alerts', second);
    expect(joined.status).toBe(202);
    expect(joined.body.caseId).toBe(opened.body.caseId);

    // Past intake: the case's row is written.
    const summary = await t.waitForCase(
      opened.body.caseId,
      (s) => s.alertIds.length === 2 && s.stage === 'VILLAGE_VERIFICATION',
    );
    expect(summary.alertIds.sort()).toEqual([first.alertId, second.alertId].sort());
    const household = await t.db.query('SELECT household_key FROM cases WHERE case_id = $1', [
      opened.body.caseId,
    ]);
    expect(
      await t.count('SELECT 1 FROM cases WHERE household_key = $1', [
        household.rows[0].household_key,
      ]),
    ).toBe(1);
    expect(await t.count('SELECT 1 FROM alerts WHERE case_id = $1', [opened.body.caseId])).toBe(2);
  });

  it('refuses an alert id reused with other content, and bad input, storing nothing', async () => {
    const first = alertBody();
    expect((await t.api('POST', '/v1/alerts', first)).status).toBe(202);
    const before = await t.count('SELECT 1 FROM alerts');

    const reused = await t.api('POST', '/v1/alerts', { ...first, triggers: [5] });
    expect(reused).toMatchObject({ status: 409, body: { code: 'ALERT.CONFLICT' } });

    const cases: [Record<string, unknown>, number, string][] = [
      [alertBody({ villageCode: '220681999999' }), 422, 'DIVISION.UNKNOWN'],
      [alertBody({ residentId: withWrongCheckChar(newResidentId()) }), 422, 'RESIDENT_ID.INVALID'],
      [{ ...alertBody(), extra: 'field' }, 400, 'INPUT.INVALID'],
      [{ ...alertBody(), triggers: [0, 8] }, 400, 'INPUT.INVALID'],
      [{ ...alertBody(), bureau: 'police' }, 400, 'INPUT.INVALID'],
      [{ ...alertBody(), head: 'nobody' }, 400, 'INPUT.INVALID'],
      [{ ...alertBody(), alertId: 42 }, 400, 'INPUT.INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const result = await t.api('POST', '/v1/alerts', body);
      expect({ status: result.status, code: result.body.code }).toEqual({ status, code });
      expect(typeof result.body.correlationId).toBe('string');
    }
    // Bodies are read once the caller is known: these come from the bureau, signed in.
    const bureau = {
      authorization: `Bearer ${await t.token(healthBureau)}`,
    };
    const malformed = await t.http('api', 'POST', '/v1/alerts', undefined, '{"alertId": ', bureau);
    expect(malformed).toMatchObject({ status: 400, body: { code: 'INPUT.MALFORMED_JSON' } });
    const huge = await t.http(
      'api',
      'POST',
      '/v1/alerts',
      undefined,
      JSON.stringify({ ...alertBody(), pad: 'x'.repeat(100_000) }),
      bureau,
    );
    expect(huge).toMatchObject({ status: 413, body: { code: 'INPUT.TOO_LARGE' } });

    expect(await t.count('SELECT 1 FROM alerts')).toBe(before);
  });

  it('never echoes personal data in error answers', async () => {
    const residentId = withWrongCheckChar(newResidentId());
    const result = await t.api('POST', '/v1/alerts', alertBody({ residentId, name: '李四' }));
    expect(result.status).toBe(422);
    expect(JSON.stringify(result.body)).not.toContain(residentId);
    expect(JSON.stringify(result.body)).not.toContain('李四');
  });

  it('refuses a wrong decision with a clear 4xx and writes nothing', async () => {
    const caseId = await openCase();
    const { runId, divisions } = await t.waitForCase(
      caseId,
      (s) => s.stage === 'CITY_DETERMINATION',
    );
    const before = await t.count('SELECT 1 FROM case_events WHERE run_id = $1', [runId]);
    const handle = (await t.client()).workflow.getHandle(caseId);
    const acceptedUpdates = async () =>
      (await handle.fetchHistory()).events?.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
      ).length ?? 0;
    const acceptedBefore = await acceptedUpdates();
    const valid = { include: true, householdClass: 'marginal' };
    const residentId = newResidentId();
    const city = { role: 'city-bureau', divisionCode: '220681' } as const;

    type Answer = { status: number; body: Record<string, unknown> };
    const refusals: [string, Promise<Answer>, number, string, unknown?][] = [
      [
        'a task that is not open',
        t.determine(caseId, valid, 'determination-2'),
        409,
        'CASE.TASK_NOT_OPEN',
      ],
      [
        'include without a class',
        t.determine(caseId, { include: true }),
        400,
        'INPUT.INVALID',
        [
          {
            field: 'householdClass',
            rule: 'required',
            message: 'householdClass is required to include',
          },
        ],
      ],
      [
        'exclude without a reason',
        t.determine(caseId, { include: false }),
        400,
        'INPUT.INVALID',
        [{ field: 'reasonCode', rule: 'required', message: 'reasonCode is required to refuse' }],
      ],
      [
        'an unknown class',
        t.determine(caseId, { ...valid, householdClass: 'rich' }),
        400,
        'INPUT.INVALID',
        [
          {
            field: 'householdClass',
            rule: 'one-of',
            message:
              'householdClass must be one of unstable-out-of-poverty, marginal, sudden-hardship',
          },
        ],
      ],
      [
        'an unknown field',
        t.determine(caseId, { ...valid, sneaky: true }),
        400,
        'INPUT.INVALID',
        [{ field: 'sneaky', rule: 'unknown-field', message: 'sneaky is not a field of this form' }],
      ],
      [
        'an unknown field named by an ID number',
        t.determine(caseId, { ...valid, [residentId]: true }),
        400,
        'INPUT.INVALID',
        [{ field: '', rule: 'unknown-field', message: 'the form has a field it does not take' }],
      ],
      [
        'every problem at once',
        t.determine(caseId, { include: 'yes', householdClass: 'rich', sneaky: 1 }),
        400,
        'INPUT.INVALID',
        [
          { field: 'include', rule: 'type', message: 'include must be true or false' },
          {
            field: 'householdClass',
            rule: 'one-of',
            message:
              'householdClass must be one of unstable-out-of-poverty, marginal, sudden-hardship',
          },
          { field: 'sneaky', rule: 'unknown-field', message: 'sneaky is not a field of this form' },
        ],
      ],
      [
        'a form without its kind',
        t.api('POST', `/v1/cases/${caseId}/tasks/determination-1`, valid, city),
        400,
        'INPUT.INVALID',
        [{ field: 'kind', rule: 'required', message: 'kind is required' }],
      ],
      [
        'the form of another kind of task',
        t.api(
          'POST',
          `/v1/cases/${caseId}/tasks/determination-1`,
          { kind: 'democratic-appraisal', outcome: 'approved', heldOn: '2026-11-30' },
          city,
        ),
        400,
        'INPUT.INVALID',
        [
          {
            field: 'kind',
            rule: 'one-of',
            message: "kind must be city-determination, the task's kind",
          },
        ],
      ],
      [
        'a role that does not decide',
        t.api(
          'POST',
          `/v1/cases/${caseId}/tasks/determination-1`,
          { kind: 'city-determination', ...valid },
          { role: 'township-officer', divisionCode: divisions.townshipCode },
        ),
        403,
        'ACCESS.DENIED',
      ],
      [
        'a case that does not exist',
        t.determine('case-hh00000000000000000000000000000000', valid),
        404,
        'CASE.NOT_FOUND',
      ],
      ['a malformed case id', t.determine('not-a-case', valid), 400, 'INPUT.INVALID'],
    ];
    for (const [what, request, status, code, details] of refusals) {
      const result = await request;
      expect({ what, status: result.status, code: result.body.code }).toEqual({
        what,
        status,
        code,
      });
      if (details) expect({ what, details: result.body.details }).toEqual({ what, details });
      expect(JSON.stringify(result.body)).not.toContain(residentId);
    }
    // A task asked for that is not open: the answer says where the case stands and what it waits for.
    const notOpen = await t.determine(caseId, valid, 'determination-2');
    expect(notOpen.body.message).toBe(
      'the task is not open: the case is at stage CITY_DETERMINATION and waits for determination-1 (city-bureau)',
    );

    // The workflow's validator refuses the same form with the same problems, even without the API.
    const forger = {
      id: 'city-forger',
      role: 'city-bureau' as const,
      divisionCode: '220681',
      org: null,
      householdKey: null,
    };
    await expect(
      handle.executeUpdate(completeTaskUpdate, {
        args: [
          {
            taskId: 'determination-1',
            actor: forger,
            body: { kind: 'city-determination', include: true },
          },
        ],
      }),
    ).rejects.toMatchObject({
      cause: {
        type: 'INPUT.INVALID',
        details: [
          [
            {
              field: 'householdClass',
              rule: 'required',
              message: 'householdClass is required to include',
            },
          ],
        ],
      },
    });

    await t.waitForCase(caseId, (s) => s.stage === 'CITY_DETERMINATION');
    expect(await t.count('SELECT 1 FROM case_events WHERE run_id = $1', [runId])).toBe(before);
    // A refused Update writes nothing to the case's history.
    expect(await acceptedUpdates()).toBe(acceptedBefore);
  });

  it('includes a household: one national entry, the assistance plan task, a traceable history', async () => {
    const caseId = await openCase();
    const decided = await t.determine(caseId, { include: true, householdClass: 'sudden-hardship' });
    expect(decided).toEqual(determined('NATIONAL_ENTRY'));

    const handle = (await t.client()).workflow.getHandle(caseId);
    // Included: entered nationally, the case now waits for the city's assistance plan (monitoring).
    const result = await t.waitForCase(caseId, (s) => s.stage === 'ASSISTANCE_PLANNING');
    expect(result.openTask).toMatchObject({
      taskId: 'assistance-plan-1',
      kind: 'assistance-plan',
      awaitingRole: 'city-bureau',
    });
    expect(result.nationalEntryId).toMatch(/^NM\d{10}$/);
    const { runId } = result;
    const caseRow = await t.db.query(
      'SELECT status, household_class FROM cases WHERE run_id = $1',
      [runId],
    );
    expect(caseRow.rows).toEqual([{ status: 'included', household_class: 'sudden-hardship' }]);
    const events = await t.db.query<{ kind: string; step_id: string; actor: string }>(
      'SELECT kind, step_id, actor FROM case_events WHERE run_id = $1 ORDER BY id',
      [runId],
    );
    // The whole identification, each step with its actor, in order (plan §4.3).
    expect(events.rows.map((e) => e.kind)).toEqual(['opened', ...identificationSteps]);
    expect(events.rows.map((e) => e.actor)).toEqual([
      'system:intake',
      expect.stringMatching(/^village-cadre-/),
      expect.stringMatching(/^village-committee-/),
      'system:workflow',
      expect.stringMatching(/^township-officer-/),
      'system:workflow',
      expect.stringMatching(/^city-bureau-[0-9a-f]{10}$/),
    ]);
    expect(await t.count('SELECT 1 FROM national_entries WHERE run_id = $1', [runId])).toBe(1);
    expect(
      await t.count(
        "SELECT 1 FROM tasks WHERE run_id = $1 AND task_id = 'assistance-plan-1' AND status = 'open'",
        [runId],
      ),
    ).toBe(1);
    const entries = (await t.simulatorEntries()).filter(
      (e) => e.idempotencyKey === `${runId}:inclusion`,
    );
    expect(entries).toEqual([
      expect.objectContaining({ entryId: result.nationalEntryId, requests: 1 }),
    ]);

    await waitForVisibility(
      await t.client(),
      `WorkflowId = '${caseId}' AND CaseStage = 'ASSISTANCE_PLANNING' AND HouseholdClass = 'sudden-hardship'`,
      1,
    );

    await replayAndRecord(handle, 'included');

    const repeated = await t.determine(caseId, { include: true, householdClass: 'marginal' });
    expect(repeated).toMatchObject({ status: 409, body: { code: 'CASE.TASK_ALREADY_DONE' } });
    expect(await t.count('SELECT 1 FROM case_events WHERE run_id = $1', [runId])).toBe(7);
  });

  it('refuses another decision while the case is still running, and answers a repeat with the first answer, writing nothing', async () => {
    await t.simulator({ latencyMs: 1500 });
    try {
      const caseId = await openCase();
      const body = { include: true, householdClass: 'marginal' };
      const first = await t.determine(caseId, body);
      expect(first).toEqual(determined('NATIONAL_ENTRY'));
      // The very same request again (same account, same form) gets the first answer.
      expect(await t.determine(caseId, body)).toEqual(first);
      // Another decision on the task, while the national entry is still under way, is refused.
      const other = await t.determine(caseId, { include: false, reasonCode: 'CHANGED_MIND' });
      expect(other).toMatchObject({ status: 409, body: { code: 'CASE.TASK_ALREADY_DONE' } });
      const again = await t.determine(caseId, { include: true, householdClass: 'sudden-hardship' });
      expect(again).toMatchObject({ status: 409, body: { code: 'CASE.TASK_ALREADY_DONE' } });
      const { runId } = await t.waitForCase(caseId, (s) => s.stage === 'ASSISTANCE_PLANNING');
      expect(await t.count('SELECT 1 FROM case_events WHERE run_id = $1', [runId])).toBe(7);
    } finally {
      await t.simulator({ latencyMs: 0 });
    }
  });

  it('excludes a household with a reason fed back, and enters nothing nationally', async () => {
    const caseId = await openCase();
    const decided = await t.determine(caseId, { include: false, reasonCode: 'INCOME_ABOVE_LINE' });
    expect(decided).toEqual(determined('EXCLUDED'));
    const handle = (await t.client()).workflow.getHandle(caseId);
    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'EXCLUDED', nationalEntryId: null });
    await replayAndRecord(handle, 'excluded');
    const { runId } = await t.waitForCase(caseId, (s) => s.stage === 'EXCLUDED');
    const event = await t.db.query(
      "SELECT step_id, detail FROM case_events WHERE run_id = $1 AND kind = 'city-determination'",
      [runId],
    );
    expect(event.rows).toEqual([
      {
        step_id: 'determination-1',
        detail: { kind: 'city-determination', include: false, reasonCode: 'INCOME_ABOVE_LINE' },
      },
    ]);
    // The determination's step closed the case's row, and its task in the inbox.
    const row = await t.db.query(
      'SELECT status, household_class, decided_at IS NOT NULL AS decided FROM cases WHERE run_id = $1',
      [runId],
    );
    expect(row.rows).toEqual([{ status: 'excluded', household_class: null, decided: true }]);
    expect(
      await t.count(
        "SELECT 1 FROM tasks WHERE run_id = $1 AND task_id = 'determination-1' AND status = 'done'",
        [runId],
      ),
    ).toBe(1);
    expect(await t.count('SELECT 1 FROM national_entries WHERE run_id = $1', [runId])).toBe(0);
  });

  it('flags a determination overdue once the policy deadline passes', async () => {
    // Not overdue when it reached the city (checked as it got there), overdue once the time is up.
    const caseId = await (lateCase as Promise<string>);
    await waitForVisibility(
      await t.client(),
      `WorkflowId = '${caseId}' AND Overdue = true AND CaseStage = 'CITY_DETERMINATION'`,
      1,
      60_000,
    );
    // The determination is a task like the others: once late, the level above chases it.
    const late = await t.waitForCase(caseId, (s) => s.openTask?.escalatedTo !== undefined);
    expect(late.openTask).toMatchObject({
      taskId: 'determination-1',
      awaitingRole: 'city-bureau',
      escalatedTo: 'supervisor',
    });
    expect(late.timeline).toContainEqual(
      expect.objectContaining({ event: 'overdue', taskId: 'determination-1' }),
    );
    const decided = await t.determine(caseId, { include: false, reasonCode: 'LATE_BUT_DONE' });
    expect(decided).toMatchObject({ status: 200, body: { stage: 'EXCLUDED' } });
    const handle = (await t.client()).workflow.getHandle(caseId);
    await handle.result();
    await replayAndRecord(handle, 'overdue-then-excluded');
  });

  it('retries through a national-system outage and still enters the household exactly once', async () => {
    await t.simulator({ failNext: 2 });
    const caseId = await openCase();
    expect((await t.determine(caseId, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    const handle = (await t.client()).workflow.getHandle(caseId);
    const { runId } = await t.waitForCase(caseId, (s) => s.stage === 'ASSISTANCE_PLANNING');
    await replayAndRecord(handle, 'national-outage-then-included');
    const entries = (await t.simulatorEntries()).filter(
      (e) => e.idempotencyKey === `${runId}:inclusion`,
    );
    expect(entries).toHaveLength(1);
    expect(await t.count('SELECT 1 FROM national_entries WHERE run_id = $1', [runId])).toBe(1);
  });

  it('starts a new monitoring period when a household comes back after its case closed', async () => {
    const residentId = newResidentId();
    const caseId = await openCase(residentId);
    expect((await t.determine(caseId, { include: false, reasonCode: 'NO_RISK' })).status).toBe(200);
    await (await t.client()).workflow.getHandle(caseId).result();

    const again = await t.postAlert({ residentId, alertId: uniqueId('LATER') });
    expect(again.body.caseId).toBe(caseId);
    const summary = await t.waitForCase(caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    const household = await t.db.query(
      'SELECT DISTINCT household_key FROM cases WHERE case_id = $1',
      [caseId],
    );
    const periods = await t.db.query(
      'SELECT status FROM cases WHERE household_key = $1 ORDER BY opened_at',
      [household.rows[0].household_key],
    );
    expect(periods.rows).toEqual([{ status: 'excluded' }, { status: 'open' }]);
    expect(summary.alertIds).toHaveLength(1);
  });

  it('sets the identification deadline on the official calendar, provisional past the years it knows', async () => {
    // Pinned dates: 20 working days from 2 March 2026 stay inside the packaged 2026; 400 from
    // 1 December 2026 reach 2028, a year nobody enters in these tests, counted on weekdays and
    // marked provisional. The count itself comes from the calendar as the system holds it (the
    // packaged years and any arrangement entered, 2027's by the calendar suite perhaps).
    const pinned = [
      { receivedAt: '2026-03-02T10:00:00+08:00', workingDays: 20, provisional: false },
      { receivedAt: '2026-12-01T10:00:00+08:00', workingDays: 400, provisional: true },
    ];
    for (const { receivedAt, workingDays, provisional } of pinned) {
      const householdKey = await t.storedHousehold();
      const handle = await startCase(
        householdKey,
        {
          ...DefaultCasePolicy,
          version: 'test-working-days',
          deadlines: { identification: { workingDays } },
          // The notice and the report wait seconds here, so that the case soon reaches the city.
          steps: {
            ...DefaultCasePolicy.steps,
            noticePeriod: { duration: '1s' },
            reportCutoff: { duration: '1s' },
          },
        },
        `WD-${workingDays}`,
        receivedAt,
      );
      try {
        const summary = await t.reachCityDetermination(handle.workflowId);
        const arranged = await t.db.query<{ year: number; holidays: string[]; workdays: string[] }>(
          `SELECT DISTINCT ON (year) year, holidays::text[] AS holidays, workdays::text[] AS workdays
           FROM calendar_years ORDER BY year, revision DESC`,
        );
        const counted = new WorkingDayCalendar(arranged.rows).deadline(new Date(receivedAt), {
          workingDays,
        });
        expect(counted.provisional).toBe(provisional);
        const dueAt = counted.at.toISOString();
        expect(summary.openTask).toMatchObject({ taskId: 'determination-1', dueAt });
        expect(summary.openTask?.dueProvisional).toBe(counted.provisional ? true : undefined);
        expect(summary.stageDeadline).toBe(dueAt);
        const attributes = (await handle.describe()).typedSearchAttributes;
        expect(attributes.get(CaseSearchAttributes.stageDeadline)?.toISOString()).toBe(dueAt);
        expect(attributes.get(CaseSearchAttributes.deadlineProvisional)).toBe(counted.provisional);
      } finally {
        await handle.terminate('test done');
      }
    }
  });

  it('stops the identification clock during the half-monthly wait: on time below, on time at the city', async () => {
    const { caseId, reached, reachedAt, decided } = await (onTimeCase as NonNullable<
      typeof onTimeCase
    >);
    const task = reached.openTask as NonNullable<CaseSummary['openTask']>;
    expect(task).toMatchObject({ taskId: 'determination-1', awaitingRole: 'city-bureau' });
    expect(task.escalatedTo).toBeUndefined();
    // Twenty seconds from intake are long gone; what was left when the township confirmed runs
    // again from the cut-off.
    const [report] = (
      await t.db.query<{ cutoff_at: string; opened_at: Date }>(
        `SELECT e.detail->>'cutoffAt' AS cutoff_at, c.opened_at FROM case_events e
         JOIN cases c ON c.run_id = e.run_id WHERE e.run_id = $1 AND e.kind = 'report'`,
        [reached.runId],
      )
    ).rows;
    const due = Date.parse(task.dueAt ?? '');
    expect(Date.parse(report!.cutoff_at) - report!.opened_at.getTime()).toBeGreaterThan(20_000);
    expect(due).toBeGreaterThan(Date.parse(report!.cutoff_at));
    expect(due).toBeLessThanOrEqual(Date.parse(report!.cutoff_at) + 20_000);
    expect(due).toBeGreaterThan(reachedAt);

    expect(decided).toMatchObject({ status: 200, body: { stage: 'EXCLUDED' } });
    const handle = (await t.client()).workflow.getHandle(caseId);
    await handle.result();
    const summary = await t.waitForCase(caseId, (c) => c.stage === 'EXCLUDED');
    expect(summary.timeline.filter((e) => e.event === 'overdue')).toEqual([]);
    await replayAndRecord(handle, 'identified-on-time-through-the-wait');
  });

  /**
   * Completes the case's open tasks with their standard forms until it waits for the half-monthly
   * cut-off (or the city has it).
   */
  async function reachReportWait(caseId: string): Promise<CaseSummary> {
    for (;;) {
      const s = await t.waitForCase(
        caseId,
        (c) => ['AWAITING_REPORT', 'CITY_DETERMINATION'].includes(c.stage) || c.openTask !== null,
        60_000,
      );
      if (s.stage === 'AWAITING_REPORT' || s.stage === 'CITY_DETERMINATION') return s;
      const task = s.openTask as NonNullable<CaseSummary['openTask']>;
      expect(await t.completeOpenTask(s)).toMatchObject({ status: 200 });
      await t.waitForCase(caseId, (c) => c.openTask?.taskId !== task.taskId, 30_000);
    }
  }

  /** A case under a policy whose half-monthly wait is an hour, so that only a fast track ends it. */
  const hourLongWait = (fastTrack: boolean): CasePolicy => ({
    ...DefaultCasePolicy,
    version: 'test-sudden-hardship',
    steps: {
      ...DefaultCasePolicy.steps,
      noticePeriod: { duration: '1s' },
      reportCutoff: { duration: '1h' },
    },
    suddenHardshipFastTrack: fastTrack,
  });

  it('records emergency relief on the day for a sudden-hardship household, and the city decides it ahead of the cut-off', async () => {
    const handle = await startCase(await t.storedHousehold(), hourLongWait(true), 'SUDDEN');
    const caseId = handle.workflowId;
    const first = await t.waitForCase(caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
    const township = staffOf('township-officer', first.divisions);
    const city = staffOf('city-bureau', first.divisions);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(
      new Date(),
    );
    const relief = {
      reliefId: 'ER-2026-001',
      kind: 'emergency-relief',
      amount: 3000,
      grantedOn: today,
      reasonCode: 'SUDDEN_ILLNESS',
    };
    const reliefPath = `/v1/cases/${caseId}/emergency-relief`;
    const fastTrackPath = `/v1/cases/${caseId}/fast-track`;

    // No relief yet: not a sudden-hardship case, so the city cannot take it ahead of the cut-off.
    const early = await t.api('POST', fastTrackPath, { reasonCode: 'SUDDEN_HARDSHIP' }, city);
    expect(early).toMatchObject({ status: 422, body: { code: 'CASE.FAST_TRACK_REFUSED' } });
    // The village reports; the township (or the city) grants. Another township does not see it.
    const byVillage = await t.api(
      'POST',
      reliefPath,
      relief,
      staffOf('village-cadre', first.divisions),
    );
    expect(byVillage).toMatchObject({ status: 403, body: { code: 'ACCESS.DENIED' } });
    const elsewhere = { role: 'township-officer' as const, divisionCode: '220681101' };
    const outside = await t.api('POST', reliefPath, relief, elsewhere);
    expect(outside).toMatchObject({ status: 404, body: { code: 'CASE.NOT_FOUND' } });
    const badForm = await t.api('POST', reliefPath, { ...relief, amount: -1 }, township);
    expect(badForm).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });

    // Granted on the day, while the village still verifies: identification goes on.
    const granted = await t.api<{ stage: string; reliefs: unknown[] }>(
      'POST',
      reliefPath,
      relief,
      township,
    );
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({
      reliefId: 'ER-2026-001',
      stage: 'VILLAGE_VERIFICATION',
      reliefs: [{ ...relief, by: expect.stringMatching(/^township-officer-/) }],
    });
    // Recorded once, however often it is sent.
    expect(await t.api('POST', reliefPath, relief, township)).toMatchObject({
      status: 200,
      body: { reliefs: [expect.objectContaining({ reliefId: 'ER-2026-001' })] },
    });
    const events = await t.db.query<{ detail: Record<string, unknown>; recorded_at: Date }>(
      "SELECT detail, recorded_at FROM case_events WHERE case_id = $1 AND kind = 'emergency-relief'",
      [caseId],
    );
    expect(events.rows).toEqual([
      {
        detail: { ...relief },
        recorded_at: expect.any(Date),
      },
    ]);
    expect(Date.now() - events.rows[0]!.recorded_at.getTime()).toBeLessThan(60_000);

    // The township confirms: the case waits for a cut-off an hour away, until the city takes it.
    const waiting = await reachReportWait(caseId);
    expect(waiting.stage).toBe('AWAITING_REPORT');
    expect(Date.parse(waiting.stageDeadline ?? '')).toBeGreaterThan(Date.now() + 50 * 60_000);
    const byTownship = await t.api(
      'POST',
      fastTrackPath,
      { reasonCode: 'SUDDEN_HARDSHIP' },
      township,
    );
    expect(byTownship).toMatchObject({ status: 403 });
    const taken = await t.api('POST', fastTrackPath, { reasonCode: 'SUDDEN_HARDSHIP' }, city);
    expect(taken).toEqual({ status: 200, body: { stage: 'CITY_DETERMINATION' } });
    const atCity = await t.waitForCase(caseId, (s) => s.stage === 'CITY_DETERMINATION', 20_000);
    expect(atCity).toMatchObject({ fastTrack: true, openTask: { taskId: 'determination-1' } });
    expect(atCity.timeline.filter((e) => e.event === 'overdue')).toEqual([]);
    // Reported at once, in this period's report: long before the cut-off.
    const report = await t.db.query<{ detail: Record<string, unknown>; recorded_at: Date }>(
      "SELECT detail, recorded_at FROM case_events WHERE case_id = $1 AND kind = 'report'",
      [caseId],
    );
    expect(report.rows).toEqual([
      { detail: { cutoffAt: expect.any(String), fastTrack: true }, recorded_at: expect.any(Date) },
    ]);
    expect(Date.parse(report.rows[0]!.detail.cutoffAt as string)).toBeLessThan(
      Date.parse(waiting.stageDeadline ?? ''),
    );
    // The same request again gets its first answer; another one finds the city has the case.
    const repeated = await t.api('POST', fastTrackPath, { reasonCode: 'SUDDEN_HARDSHIP' }, city);
    expect(repeated).toEqual(taken);
    const again = await t.api('POST', fastTrackPath, { reasonCode: 'RELIEF_GRANTED' }, city);
    expect(again).toMatchObject({ status: 409, body: { code: 'CASE.WRONG_STAGE' } });

    const decided = await t.determine(caseId, { include: false, reasonCode: 'RELIEF_SUFFICED' });
    expect(decided).toEqual(determined('EXCLUDED'));
    await handle.result();
    const late = await t.api('POST', reliefPath, { ...relief, reliefId: 'ER-2026-002' }, township);
    expect(late.status).toBe(409);
    await replayAndRecord(handle, 'sudden-hardship-fast-tracked');
  });

  it('keeps a sudden-hardship case waiting for the cut-off when its policy allows no fast track', async () => {
    const handle = await startCase(await t.storedHousehold(), hourLongWait(false), 'NO-FAST');
    const caseId = handle.workflowId;
    try {
      const first = await t.waitForCase(caseId, (s) => s.stage === 'VILLAGE_VERIFICATION');
      const relief = {
        reliefId: 'ER-2026-010',
        kind: 'disaster-relief',
        amount: 1500.5,
        grantedOn: '2026-12-07',
        reasonCode: 'FLOOD',
      };
      const city = staffOf('city-bureau', first.divisions);
      const granted = await t.api('POST', `/v1/cases/${caseId}/emergency-relief`, relief, city);
      expect(granted.status).toBe(200);
      const waiting = await reachReportWait(caseId);
      expect(waiting).toMatchObject({
        stage: 'AWAITING_REPORT',
        reliefs: [expect.objectContaining(relief)],
      });
      const refused = await t.api(
        'POST',
        `/v1/cases/${caseId}/fast-track`,
        { reasonCode: 'FLOOD' },
        city,
      );
      expect(refused).toMatchObject({ status: 422, body: { code: 'CASE.FAST_TRACK_REFUSED' } });
      const still = await t.waitForCase(caseId, (s) => s.stage === 'AWAITING_REPORT');
      expect(still.fastTrack).toBeUndefined();
    } finally {
      await handle.terminate('test done');
    }
  });

  it('counts a deadline across the National Day holiday and its make-up working Saturday', async () => {
    // An alert received on Tuesday 30 September 2025, with 3 working days for the village's check:
    // 1–8 October are the National Day holiday, Thursday 9 and Friday 10 count, and Saturday 11
    // October is a make-up working day (调休), so the check is due at the end of that Saturday.
    const householdKey = await t.storedHousehold();
    const policy: CasePolicy = {
      ...DefaultCasePolicy,
      version: 'test-national-day',
      steps: { ...DefaultCasePolicy.steps, villageVerification: { workingDays: 3 } },
    };
    const handle = await startCase(
      householdKey,
      policy,
      'NATIONAL-DAY',
      '2025-09-30T10:00:00+08:00',
    );
    try {
      const summary = await t.waitForCase(handle.workflowId, (s) =>
        Boolean(s.openTask?.escalatedTo),
      );
      // End of Saturday 11 October 2025 in Asia/Shanghai.
      expect(summary.openTask).toMatchObject({
        taskId: 'village-verification-1',
        dueAt: '2025-10-11T15:59:59.999Z',
        // Long past: the township chases it.
        escalatedTo: 'township-officer',
      });
      const row = await t.db.query<{ due_at: Date }>(
        'SELECT due_at FROM tasks WHERE run_id = $1 AND task_id = $2',
        [summary.runId, 'village-verification-1'],
      );
      expect(row.rows[0]?.due_at.toISOString()).toBe('2025-10-11T15:59:59.999Z');
    } finally {
      await handle.terminate('test done');
    }
  });

  it('lets no database error leave an activity with its SQL parameters', async () => {
    const client = await t.client();
    // No household row: the case's opening (a local activity of the workflow worker) fails on
    // the foreign key, again and again.
    const handle = await startCase(`hh${'e'.repeat(32)}`, DefaultCasePolicy, 'NO-HOUSEHOLD');
    try {
      const dir = path.join(process.env.FANPIN_TEST_LOG_DIR ?? '', 'household-case');
      const log = path.join(dir, 'workflow-worker.log');
      const deadline = Date.now() + 20_000;
      let failures: string[] = [];
      while (failures.length < 2 && Date.now() < deadline) {
        failures = (await readFile(log, 'utf8'))
          .split('\n')
          .filter((l) => l.includes(handle.workflowId) && l.includes('Activity failed'));
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(failures[0]).toContain('"activityType":"openCase"');
      expect(failures[0]).toContain('"error":{"type":"DATABASE","nonRetryable":false}');
      expect(failures.join('\n')).not.toMatch(/"parameters"|INSERT INTO|driverError/);
      expect(await readFile(log, 'utf8')).not.toMatch(/PARAMETERS|"parameters"/);
      // Nor does the case's history hold any of it, decoded: it keeps retrying, nothing recorded.
      const history = JSON.stringify(
        await decodedHistory(client.workflow.getHandle(handle.workflowId)),
      );
      expect(history).not.toMatch(/INSERT INTO|cases_household_key_fkey|parameters/);
    } finally {
      await handle.terminate('test done');
    }
  });

  it('serves its OpenAPI document and health endpoints', async () => {
    const doc = await t.api<{
      paths: Record<string, unknown>;
      components?: { schemas?: Record<string, unknown> };
    }>('GET', '/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/alerts',
        '/v1/cases/{caseId}',
        '/v1/cases/{caseId}/tasks/{taskId}',
      ]),
    );
    // The determination is a task like the others: no route of its own.
    expect(Object.keys(doc.body.paths).filter((p) => p.endsWith('/determination'))).toEqual([]);
    // Every task's form, the determination's among them, is one component of the document.
    const schemas = Object.keys(doc.body.components?.schemas ?? {});
    expect(schemas).toEqual(expect.arrayContaining(['TaskForm', 'CityDeterminationForm']));
    for (const service of Object.values(t.system.services)) {
      const live = await fetch(`${service.url}/health/live`);
      const ready = await fetch(`${service.url}/health/ready`);
      expect({ service: service.spec.name, live: live.status, ready: ready.status }).toEqual({
        service: service.spec.name,
        live: 200,
        ready: 200,
      });
    }
  });

  it('keeps one workflow per household even when a start races an existing case', async () => {
    const residentId = newResidentId();
    const bodies = Array.from({ length: 5 }, () => alertBody({ residentId, bureau: 'water' }));
    const results = await Promise.all(
      bodies.map((b) => t.api<{ caseId: string }>('POST', '/v1/alerts', b)),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([202]));
    const caseIds = new Set(results.map((r) => r.body.caseId));
    expect(caseIds.size).toBe(1);
    const [caseId] = [...caseIds] as [string];
    const summary = await t.waitForCase(
      caseId,
      (s) => s.alertIds.length === 5 && s.stage === 'VILLAGE_VERIFICATION',
    );
    expect(summary.alertIds).toHaveLength(5);
    await waitForVisibility(await t.client(), `WorkflowId = '${caseId}'`, 1);
  });
});
