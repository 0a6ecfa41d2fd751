import { setTimeout as sleep } from 'node:timers/promises';

import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

import {
  completeTaskUpdate,
  type Actor,
  type CaseSummaryView,
  type DivisionList,
  type ErrorBody,
  type Role,
  type TaskCompletion,
  type TaskPage,
} from '@fanpin/contracts';
import { seedDemoAccounts, walkOneCase } from '@fanpin/devstack';

import { Scenario, accountOf, township, village } from '../contract/scenario';
import { ApiClient } from '../../libs/devstack/src/demo/api-client';
import { policyEnv, standardForms, suiteSystem } from '../support/harness';

/**
 * What a newcomer driving the API reads: where a case stands and when it is due (the stage deadline,
 * the notice's end, the next report cut-off), the same in the inbox, the county's division codes,
 * why a task is not open, and every problem of a request at once, the same the case's own check
 * finds; and the README's walk of one case through the whole procedure.
 */
describe('an API a newcomer can drive', () => {
  const t = suiteSystem('newcomer-api', {
    // A notice and a report wait long enough to be seen; the first visit comes soon.
    api: policyEnv({ NOTICE_PERIOD: '8s', REPORT_CUTOFF: '6s', FOLLOW_UP_INTERVAL: '2s' }),
  });
  const s = new Scenario(t);

  const summaryOf = async (caseId: string) =>
    (await t.api<CaseSummaryView>('GET', `/v1/cases/${caseId}`)).body;
  const read = <T>(path: string, role: Role) => t.api<T>('GET', path, undefined, accountOf(role));

  it('lists the division codes of the county, each township followed by its villages', async () => {
    const listed = await read<DivisionList>('/v1/divisions', 'supervisor');
    expect(listed.status).toBe(200);
    const { countyCode, divisions } = listed.body;
    expect(countyCode).toBe('220681');
    expect(divisions[0]).toEqual({
      code: '220681',
      name: '临江市',
      level: 'county',
      parent: '220600',
    });
    const at = divisions.findIndex((d) => d.code === township);
    expect(divisions[at]).toMatchObject({ name: '桦树镇', level: 'township' });
    expect(divisions[at + 1]).toMatchObject({ level: 'village', parent: township });
    expect(divisions.find((d) => d.code === village)?.name).toBe('西大川村');
    expect(new Set(divisions.map((d) => d.code.length))).toEqual(new Set([6, 9, 12]));
    const anonymous = await t.api('GET', '/v1/divisions', undefined, 'anonymous');
    expect(anonymous.status).toBe(401);
  });

  it('tells every problem of a request DTO at once, as a form’s, naming unknown fields', async () => {
    const created = await t.api<ErrorBody>(
      'POST',
      '/v1/admin/accounts',
      { accountId: 'X', kind: 'robot', role: 'village-cadre', nickname: '张三', '13800138000': 1 },
      { role: 'administrator' },
    );
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('INPUT.INVALID');
    expect(created.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'accountId', rule: 'format' }),
        expect.objectContaining({ field: 'kind', rule: 'one-of' }),
        {
          field: 'nickname',
          rule: 'unknown-field',
          message: 'nickname is not a field of this request',
        },
        { field: '', rule: 'unknown-field', message: 'the request has a field it does not take' },
      ]),
    );
    expect(created.body.details).toHaveLength(4);
    expect(JSON.stringify(created.body)).not.toMatch(/张三|13800138000|robot/);

    const signIn = await t.api<ErrorBody>('POST', '/v1/auth/login', {}, 'anonymous');
    expect(signIn.body.details).toEqual([
      { field: 'accountId', rule: 'required', message: 'accountId is required' },
      { field: 'password', rule: 'required', message: 'password is required' },
    ]);

    const inbox = await read<ErrorBody>('/v1/tasks?limit=0&colour=red', 'township-officer');
    expect(inbox.status).toBe(400);
    expect(inbox.body.details).toEqual([
      expect.objectContaining({ field: 'limit', rule: 'min' }),
      expect.objectContaining({ field: 'colour', rule: 'unknown-field' }),
    ]);
  });

  it('shows the stage deadline, the notice’s end and the report cut-off on the case and in the inbox', async () => {
    const { caseId, divisions } = await s.newCase();
    let summary = await summaryOf(caseId);
    expect(summary.stageDeadline).toBe(summary.openTask?.dueAt);
    expect(Date.parse(summary.nextReportCutoff)).toBeGreaterThan(Date.now());
    expect(summary.noticeEndsAt).toBeNull();

    summary = (await s.toNotice(caseId, divisions)) as CaseSummaryView;
    expect(summary.noticeEndsAt).not.toBeNull();
    expect(summary.stageDeadline).toBe(summary.noticeEndsAt);
    await s.lodgeObjection(caseId);

    const page = await read<TaskPage>('/v1/tasks?kind=objection-review', 'township-officer');
    expect(page.status).toBe(200);
    expect(page.body.nextReportCutoff).toBe(summary.nextReportCutoff);
    const review = page.body.tasks.find((task) => task.caseId === caseId);
    expect(review).toMatchObject({
      taskId: 'objection-review-1',
      noticeEndsAt: summary.noticeEndsAt,
      overdue: false,
    });
    // The review has a due date, so a count of working days (0 when due today).
    expect(review).toMatchObject({
      dueAt: expect.any(String),
      workingDaysLeft: expect.any(Number),
    });
    expect(review?.workingDaysLeft).toBeGreaterThanOrEqual(0);

    // The objection is reviewed (not upheld) and the township verifies: the case waits for the cut-off.
    await s.complete(
      caseId,
      'objection-review-1',
      { kind: 'objection-review', upheld: false, reasonCode: 'UNFOUNDED' },
      accountOf('township-officer'),
    );
    const form = standardForms['township-verification'] as NonNullable<
      (typeof standardForms)[string]
    >;
    await s.completeOpen(caseId, 'township-verification-1', form.body, form.as(divisions));
    const waiting = (await t.waitForCase(
      caseId,
      (c) => c.stage === 'AWAITING_REPORT',
    )) as CaseSummaryView;
    expect(waiting.nextReportCutoff).toBe(waiting.stageDeadline);
  });

  it('says where a case stands when a task is not open, open or closed', async () => {
    const { caseId, divisions } = await s.newCase();
    const township = standardForms['township-verification'] as NonNullable<
      (typeof standardForms)[string]
    >;
    const early = await t.api<ErrorBody>(
      'POST',
      `/v1/cases/${caseId}/tasks/township-verification-1`,
      township.body,
      township.as(divisions),
    );
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CASE.TASK_NOT_OPEN');
    expect(early.body.message).toMatch(/stage VILLAGE_VERIFICATION.*village-verification-1/);

    const notAtRisk = {
      ...(standardForms['village-verification']?.body ?? {}),
      outcome: 'not-at-risk',
      reasonCode: 'INCOME_ABOVE_LINE',
      commitmentSigned: false,
      commitmentSignedOn: undefined,
    };
    await s.complete(caseId, 'village-verification-1', notAtRisk, accountOf('village-cadre'));
    const appraisal = { kind: 'democratic-appraisal', outcome: 'approved', heldOn: '2026-11-30' };
    let closed = await t.api<ErrorBody>(
      'POST',
      `/v1/cases/${caseId}/tasks/democratic-appraisal-1`,
      appraisal,
      accountOf('village-committee'),
    );
    for (let i = 0; i < 50 && !/closed/.test(closed.body.message ?? ''); i++) {
      await sleep(200);
      closed = await t.api<ErrorBody>(
        'POST',
        `/v1/cases/${caseId}/tasks/democratic-appraisal-1`,
        appraisal,
        accountOf('village-committee'),
      );
    }
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({
      code: 'CASE.TASK_NOT_OPEN',
      message: 'the task is not open: the case is closed at stage EXCLUDED and waits for no one',
    });
  });

  // One definition per form: the API and, sent straight to the case as an Update, its validator.
  it('refuses an invalid form identically through the API and through the Update validator', async () => {
    const { body: receipt } = await t.postAlert();
    const summary = await t.waitForCase(receipt.caseId, (s) => s.openTask !== null);
    const cadre = { role: 'village-cadre' as const, divisionCode: summary.divisions.villageCode };
    const form = standardForms['village-verification']!.body;
    const invalid = {
      ...form,
      incomePerCapita: -5,
      assurances: { ...(form.assurances as object), food: 'yes' },
      commitmentSignedOn: '2026-02-30',
      remark: 'x',
    };

    const api = await t.api<{ code: string; details: unknown[] }>(
      'POST',
      `/v1/cases/${receipt.caseId}/tasks/village-verification-1`,
      invalid,
      cadre,
    );
    expect(api.status).toBe(400);
    expect(api.body.code).toBe('INPUT.INVALID');
    expect(api.body.details).toHaveLength(4);

    // The same form, sent to the case as the API would send it, with a well-formed actor.
    const actor: Actor = {
      id: 'cadre-of-this-village',
      role: 'village-cadre',
      divisionCode: summary.divisions.villageCode,
      org: null,
      householdKey: null,
    };
    const completion = { taskId: 'village-verification-1', actor, body: invalid };
    const refused = await (
      await t.client()
    ).workflow
      .getHandle(receipt.caseId)
      .executeUpdate(completeTaskUpdate, { args: [completion as unknown as TaskCompletion] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('INPUT.INVALID');
    expect(cause.details?.[0]).toEqual(api.body.details);

    // Neither wrote anything: the task is still open.
    const after = await t.waitForCase(receipt.caseId, (s) => s.openTask !== null);
    expect(after.completedTaskIds).not.toContain('village-verification-1');
  });

  // The README's walk (npm run demo, then npm run demo:walk), with the waits made seconds.
  it('carries one case from alert to assistance plan and first follow-up visit', async () => {
    const url = t.system.services.api.url;
    const password = 'demo-walk-passphrase';
    const clientSecrets = await seedDemoAccounts(new ApiClient(url), t.admin, password);
    expect(Object.keys(clientSecrets)).toEqual(['demo-bureau-health']);
    // Made again, nothing changes: an account that exists is left as it is.
    expect(await seedDemoAccounts(new ApiClient(url), t.admin, password)).toEqual({});

    const lines: string[] = [];
    const summary = await walkOneCase(url, { password, clientSecrets }, (l) => lines.push(l), {
      stepTimeoutMs: 60_000,
    });

    expect(summary.stage).toBe('MONITORING');
    expect(summary.visits).toBe(1);
    expect(summary.householdClass).toBe('marginal');
    expect(summary.completedTaskIds).toEqual(
      expect.arrayContaining([
        'village-verification-1',
        'democratic-appraisal-1',
        'township-verification-1',
        'determination-1',
        'assistance-plan-1',
        'follow-up-visit-1',
      ]),
    );
    expect(summary.openTasks.map((task) => task.kind)).toContain('assistance-measure');
    // Ten numbered steps were told, and the lead department found its measure in its inbox.
    expect(lines.filter((l) => /^\d+\. /.test(l))).toHaveLength(10);
    expect(lines.find((l) => l.includes("市人社局's inbox holds"))).toMatch(/measure-JOB-\d+/);
    // What the walk prints never names the household or its number.
    expect(lines.join('\n')).not.toMatch(/演示户主|\d{17}[\dX]/);
  });
});
