import { setTimeout as sleep } from 'node:timers/promises';

import { SampleForms, type CaseSummary } from '@fanpin/contracts';

import { replayAndRecord } from '../support/histories';
import {
  cadreOf,
  cityBureau,
  departmentOf,
  officerOf,
  type AccountSpec,
} from '../support/accounts';
import { policyEnv, suiteSystem, waitForVisibility } from '../support/harness';
import { uniqueId } from '../support/records';
import { eliminationSteps, stableVisit, staffOf } from '../support/procedure';

/**
 * Monitoring after inclusion (plan §4.3 step 4, §4.4, §5) through the HTTP API as each level would:
 * the city's assistance plan, each measure a task of its lead department with progress until done;
 * follow-up visits on a durable cycle, escalated when late; risk elimination through appraisal,
 * notice, township and city, marked in the national system; the refusal for a household without
 * labour capacity; a rolled-back mark; a new monitoring period; the run continuing as new.
 */
describe('monitoring: assistance, follow-up visits, risk elimination', () => {
  const t = suiteSystem('monitoring', {
    api: policyEnv({
      NOTICE_PERIOD: '2s',
      FOLLOW_UP_INTERVAL: '1s',
      FOLLOW_UP_VISIT_DEADLINE: '4s',
      ROLLBACK_WINDOW: '10s',
      VISITS_PER_RUN: '2',
      // The product's own rule (the harness relaxes it for other suites): two visits in a row.
      STABLE_VISITS_FOR_ELIMINATION: '2',
    }),
  });
  /** Households whose cases wait for the city's decision, walked there in `beforeAll`. */
  let waitingForCity: { caseId: string; residentId: string }[];
  const villageCode = '220681100200';
  const cadre = cadreOf(villageCode);
  const township = officerOf('220681100');
  const job = SampleForms.measure;
  const allowance = {
    measureId: 'M-DIBAO',
    kind: 'safety-net',
    measureCode: 'MINIMUM_LIVING_ALLOWANCE',
    leadDepartment: 'civil-affairs',
    responsibleDepartments: [],
    // Already past: the measure is overdue at once and the city bureau chases it.
    dueOn: '2026-11-01',
  };
  const measures = [job, allowance];
  const plan = (list: object[]) => ({
    kind: 'assistance-plan',
    measures: list,
    announcedOn: '2026-11-30',
  });

  beforeAll(async () => {
    // One household at the city's desk for each test, walked there side by side: the notices run
    // once for all of them, and each test starts at the city's decision (see `includedCase`).
    waitingForCity = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => t.caseAt('CITY_DETERMINATION', { villageCode }, 120_000)),
    );
  }, 240_000);

  /** Polls `read` until `ok` holds of its result (at most 15 s); returns the last result. */
  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 15_000;
    let value = await read();
    while (!ok(value) && Date.now() < deadline) {
      await sleep(200);
      value = await read();
    }
    return value;
  }

  function complete(caseId: string, taskId: string, body: unknown, as: AccountSpec) {
    return t.api<Record<string, unknown>>('POST', `/v1/cases/${caseId}/tasks/${taskId}`, body, as);
  }

  async function expectDone(caseId: string, taskId: string, body: unknown, as: AccountSpec) {
    const done = await complete(caseId, taskId, body, as);
    expect({ taskId, status: done.status, body: done.body }).toMatchObject({
      taskId,
      status: 200,
    });
    return done.body;
  }

  const openTask = (id: string) => (s: CaseSummary) => s.openTask?.taskId === id;

  /**
   * A household included by the city, one no other test was given: its case waits for the
   * assistance plan.
   */
  async function includedCase(): Promise<CaseSummary & { residentId: string }> {
    const waiting = waitingForCity.shift();
    if (!waiting) throw new Error('no household left at the city desk: walk one more in beforeAll');
    const { caseId, residentId } = waiting;
    return { ...(await t.walkTo(caseId, 'ASSISTANCE_PLANNING')), residentId };
  }

  async function adoptPlan(caseId: string, planTask = 'assistance-plan-1', list = measures) {
    await expectDone(caseId, planTask, plan(list), cityBureau);
    return t.waitForCase(caseId, (s) => s.stage === 'MONITORING');
  }

  /** A case included, its first plan adopted with `list`: a household monitored. */
  async function monitoredCase(list: typeof measures) {
    const included = await includedCase();
    await adoptPlan(included.caseId, 'assistance-plan-1', list);
    return included;
  }

  /** Makes the visit that is open now (waiting for it first). */
  async function visit(caseId: string, n: number, body: Record<string, unknown> = stableVisit) {
    await t.waitForCase(caseId, openTask(`follow-up-visit-${n}`));
    return expectDone(caseId, `follow-up-visit-${n}`, body, cadre);
  }

  /** Proposal → appraisal → notice → township → city: the risk marked eliminated. */
  async function eliminate(caseId: string, n: number, round: number): Promise<CaseSummary> {
    await visit(caseId, n, { ...stableVisit, proposeElimination: true });
    for (const { role, body } of eliminationSteps) {
      const taskId = `${body.kind}-${round}`;
      const { divisions } = await t.waitForCase(caseId, openTask(taskId));
      await expectDone(caseId, taskId, body, staffOf(role, divisions));
    }
    return t.waitForCase(caseId, (s) => s.stage === 'RISK_ELIMINATED');
  }

  it('takes a case from alert to risk eliminated: plan, measures, visits, elimination, national mark', async () => {
    const included = await includedCase();
    const caseId = included.caseId;
    const firstRun = included.runId;

    // The plan: a bad one is refused and changes nothing; the city's plan opens one task per measure.
    const refused = await complete(caseId, 'assistance-plan-1', plan([job, job]), cityBureau);
    expect(refused).toMatchObject({
      status: 400,
      body: {
        code: 'INPUT.INVALID',
        details: [
          {
            field: 'measures',
            rule: 'distinct',
            message: 'measures must give each measure its own measureId',
          },
        ],
      },
    });
    const badMeasure = await complete(
      caseId,
      'assistance-plan-1',
      plan([{ ...job, dueOn: '2027-02-30', leadDepartment: 'police' }, allowance]),
      cityBureau,
    );
    expect(badMeasure).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect((badMeasure.body.details as { field: string }[]).map((d) => d.field)).toEqual([
      'measures[0].leadDepartment',
      'measures[0].dueOn',
    ]);
    expect((await complete(caseId, 'assistance-plan-1', plan(measures), cadre)).status).toBe(403);
    const monitoring = await adoptPlan(caseId);
    expect(monitoring.openTasks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          taskId: 'measure-M-JOB',
          kind: 'assistance-measure',
          department: 'human-resources',
          awaitingRole: 'lead-department',
        }),
        expect.objectContaining({ taskId: 'measure-M-DIBAO', department: 'civil-affairs' }),
      ]),
    );
    const plans = await t.db.query(
      `SELECT p.status, p.announced_on::text AS announced, m.measure_id, m.lead_department, m.status AS ms
         FROM assistance_plans p JOIN assistance_measures m USING (plan_id)
        WHERE p.run_id = $1 ORDER BY m.measure_id`,
      [firstRun],
    );
    expect(plans.rows).toEqual([
      {
        status: 'adopted',
        announced: '2026-11-30',
        measure_id: 'M-DIBAO',
        lead_department: 'civil-affairs',
        ms: 'open',
      },
      {
        status: 'adopted',
        announced: '2026-11-30',
        measure_id: 'M-JOB',
        lead_department: 'human-resources',
        ms: 'open',
      },
    ]);

    // Each department sees and reports on its own measures only.
    const hrInbox = await t.api<{ tasks: { taskId: string; caseId: string }[] }>(
      'GET',
      '/v1/tasks',
      undefined,
      departmentOf('human-resources'),
    );
    expect(hrInbox.body.tasks.filter((x) => x.caseId === caseId).map((x) => x.taskId)).toEqual([
      'measure-M-JOB',
    ]);
    const progress = {
      kind: 'assistance-measure',
      status: 'in-progress',
      percent: 40,
      reportedOn: '2026-11-30',
    };
    expect(
      (await complete(caseId, 'measure-M-JOB', progress, departmentOf('civil-affairs'))).status,
    ).toBe(403);
    expect(
      await expectDone(caseId, 'measure-M-JOB', progress, departmentOf('human-resources')),
    ).toMatchObject({ taskId: 'measure-M-JOB', kind: 'assistance-measure' });
    const backwards = await complete(
      caseId,
      'measure-M-JOB',
      { ...progress, percent: 30, reportedOn: '2026-12-01' },
      departmentOf('human-resources'),
    );
    expect(backwards).toMatchObject({ status: 422, body: { code: 'CASE.DECISION_INVALID' } });
    const jobDone = {
      kind: 'assistance-measure',
      status: 'done',
      percent: 100,
      reportedOn: '2026-12-02',
      noteCode: 'JOB_TAKEN',
    };
    // A public-welfare job is done once its post and pay are stated.
    const withoutFacts = await complete(
      caseId,
      'measure-M-JOB',
      jobDone,
      departmentOf('human-resources'),
    );
    expect(withoutFacts).toMatchObject({
      status: 400,
      body: { code: 'INPUT.INVALID', details: [{ field: 'facts', rule: 'required' }] },
    });
    await expectDone(
      caseId,
      'measure-M-JOB',
      { ...jobDone, facts: { type: 'public-welfare-post', post: 'ROAD_CARE', monthlyPay: 700 } },
      departmentOf('human-resources'),
    );
    await t.waitForCase(caseId, (s) => !s.openTasks?.some((x) => x.taskId === 'measure-M-JOB'));

    // The overdue measure went to the city bureau to chase: in its inbox, marked escalated.
    const chased = await t.waitForCase(caseId, (s) =>
      Boolean(s.openTasks?.some((x) => x.taskId === 'measure-M-DIBAO' && x.escalatedTo)),
    );
    expect(chased.openTasks?.find((x) => x.taskId === 'measure-M-DIBAO')).toMatchObject({
      escalatedTo: 'city-bureau',
      progress: 0,
    });
    const cityInbox = async () => {
      const inbox = await t.api<{ tasks: { taskId: string; caseId: string }[] }>(
        'GET',
        '/v1/tasks?overdue=true',
        undefined,
        cityBureau,
      );
      return inbox.body.tasks.filter((x) => x.caseId === caseId).map((x) => x.taskId);
    };
    // The inbox row follows the workflow's state a moment later (an activity writes it).
    expect(await eventually(cityInbox, (ids) => ids.length > 0)).toEqual(['measure-M-DIBAO']);

    // Two visits make a run: the third visit is in the next run, of the same monitoring period.
    // The first finds the household only weakly stable; at the second, good figures alone are not
    // enough for a proposal: the policy asks for two visits in a row that meet the rules.
    await visit(caseId, 1, { ...stableVisit, stability: 'weakly-stable' });
    await t.waitForCase(caseId, openTask('follow-up-visit-2'));
    const early = await complete(
      caseId,
      'follow-up-visit-2',
      { ...stableVisit, proposeElimination: true },
      cadre,
    );
    expect(early).toMatchObject({
      status: 422,
      body: {
        code: 'CASE.ELIMINATION_REFUSED',
        message: expect.stringContaining('2 visits in a row'),
      },
    });
    await visit(caseId, 2);
    const continued = await t.waitForCase(caseId, openTask('follow-up-visit-3'));
    expect(continued.runId).toBe(firstRun);
    // Two runs in visibility: the first, closed as continued-as-new, and the one running now
    // (visibility follows a moment later, so it is polled for).
    await waitForVisibility(await t.client(), `WorkflowId = '${caseId}'`, 2);
    await replayAndRecord(
      (await t.client()).workflow.getHandle(caseId, firstRun),
      'monitoring-continued-as-new',
    );

    // Elimination: the household is stable, above the line, every assurance secure.
    const eliminated = await eliminate(caseId, 3, 1);
    expect(eliminated.openTasks).toEqual([]);
    expect(
      (await t.db.query('SELECT status FROM cases WHERE run_id = $1', [firstRun])).rows,
    ).toEqual([{ status: 'risk-eliminated' }]);
    const marks = (await t.simulatorEntries()).filter((e) =>
      e.idempotencyKey.startsWith(`${firstRun}:`),
    );
    expect(marks.map((e) => e.idempotencyKey).sort()).toEqual([
      `${firstRun}:elimination-1`,
      `${firstRun}:inclusion`,
    ]);
    const cancelled = await t.db.query(
      `SELECT status FROM assistance_measures WHERE run_id = $1 AND measure_id = 'M-DIBAO'`,
      [firstRun],
    );
    expect(cancelled.rows).toEqual([{ status: 'cancelled' }]);
    const history = await t.db.query<{ kind: string }>(
      'SELECT kind FROM case_events WHERE run_id = $1 ORDER BY id',
      [firstRun],
    );
    expect(history.rows.map((r) => r.kind)).toEqual(
      expect.arrayContaining([
        'assistance-plan',
        'assistance-measure',
        'follow-up-visit',
        'elimination-appraisal',
        'public-notice',
        'elimination-township',
        'elimination-city',
        'elimination',
      ]),
    );

    // Nobody rolls it back: once the window has passed the case closes, eliminated.
    const handle = (await t.client()).workflow.getHandle(caseId);
    expect(await handle.result()).toMatchObject({ stage: 'RISK_ELIMINATED' });
    await replayAndRecord(handle, 'included-then-risk-eliminated');
  });

  it('never proposes a household without labour capacity for elimination, and keeps tracking it', async () => {
    const { caseId, runId } = await monitoredCase([
      { ...allowance, measureId: 'M-SAFETY', dueOn: '2027-06-30' },
    ]);
    await t.waitForCase(caseId, openTask('follow-up-visit-1'));
    const noLabour = { ...stableVisit, labourCapacity: 'none', proposeElimination: true };
    const refused = await complete(caseId, 'follow-up-visit-1', noLabour, cadre);
    expect(refused).toMatchObject({ status: 422, body: { code: 'CASE.ELIMINATION_REFUSED' } });
    expect(JSON.stringify(refused.body)).toContain('labour capacity');
    const weak = { ...stableVisit, stability: 'weakly-stable', proposeElimination: true };
    expect(await complete(caseId, 'follow-up-visit-1', weak, cadre)).toMatchObject({
      status: 422,
      body: { code: 'CASE.ELIMINATION_REFUSED' },
    });
    const poor = { ...stableVisit, incomePerCapita: 5000, proposeElimination: true };
    expect((await complete(caseId, 'follow-up-visit-1', poor, cadre)).status).toBe(422);
    // Income above the line is not enough when rigid expenses eat it: 9800 × 3 < 30,000 a year.
    const burdened = { ...stableVisit, rigidExpenses: 30_000, proposeElimination: true };
    const overspent = await complete(caseId, 'follow-up-visit-1', burdened, cadre);
    expect(overspent).toMatchObject({ status: 422, body: { code: 'CASE.ELIMINATION_REFUSED' } });
    expect(JSON.stringify(overspent.body)).toContain('rigid expenses');
    // Tracking continues: the visit recorded without a proposal, the next one comes round.
    await visit(caseId, 1, { ...noLabour, proposeElimination: false });
    const next = await t.waitForCase(caseId, openTask('follow-up-visit-2'));
    expect(next.stage).toBe('MONITORING');
    expect(next.openTasks?.map((x) => x.taskId)).toContain('measure-M-SAFETY');
    expect(
      await t.count("SELECT 1 FROM case_events WHERE run_id = $1 AND kind = 'elimination'", [
        runId,
      ]),
    ).toBe(0);
    await replayAndRecord((await t.client()).workflow.getHandle(caseId), 'no-labour-capacity-kept');
  });

  it('has the plan of a household without labour capacity bring social security before tracking goes on', async () => {
    const { caseId } = await includedCase();
    await adoptPlan(caseId, 'assistance-plan-1', [
      { ...job, measureId: 'M-NOSN-JOB', dueOn: '2027-06-30' },
    ]);
    const noLabour = { ...stableVisit, labourCapacity: 'none', stability: 'weakly-stable' };
    await visit(caseId, 1, noLabour);
    // No 低保, 特困 or pension in the plan: the city reviews it before the household is tracked on.
    const review = await t.waitForCase(caseId, openTask('assistance-plan-2'));
    expect(review.timeline).toContainEqual(
      expect.objectContaining({ event: 'plan-review', code: 'SAFETY_NET_MISSING' }),
    );
    const jobOnly = plan([{ ...job, measureId: 'M-NOSN-JOB-2', dueOn: '2027-06-30' }]);
    const refused = await complete(caseId, 'assistance-plan-2', jobOnly, cityBureau);
    expect(refused).toMatchObject({ status: 422, body: { code: 'CASE.DECISION_INVALID' } });
    expect(JSON.stringify(refused.body)).toContain('safety-net');
    await adoptPlan(caseId, 'assistance-plan-2', [
      { ...allowance, measureId: 'M-NOSN-DIBAO', dueOn: '2027-06-30' },
    ]);
    // With social security in place the household is tracked on, visit after visit, unmarked,
    // in the run that continues this one (every two visits here) too.
    await visit(caseId, 2, noLabour);
    await visit(caseId, 3, noLabour);
    const next = await t.waitForCase(caseId, openTask('follow-up-visit-4'));
    expect(next.stage).toBe('MONITORING');
    expect(next.completedTaskIds).toContain('assistance-plan-2');
    expect(next.openTasks.map((x) => x.taskId)).toEqual(
      expect.arrayContaining(['measure-M-NOSN-JOB', 'measure-M-NOSN-DIBAO']),
    );
    expect(next.openTasks.map((x) => x.kind)).not.toContain('assistance-plan');
    await replayAndRecord(
      (await t.client()).workflow.getHandle(caseId),
      'no-labour-capacity-safety-net-first',
    );
  });

  it('reviews the plan after a new alert and after a visit that finds the household at risk', async () => {
    const { caseId, runId, residentId } = await monitoredCase([
      { ...job, measureId: 'M-REV-JOB', dueOn: '2027-06-30' },
      { ...allowance, measureId: 'M-REV-DIBAO', dueOn: '2027-06-30' },
    ]);
    // A bureau reports the household again while it is monitored: not attached in silence, the
    // city reviews the plan once the visit in hand is made (between visits, at once).
    await t.waitForCase(caseId, openTask('follow-up-visit-1'));
    const again = await t.postAlert({ residentId, villageCode, alertId: uniqueId('AGAIN') });
    expect(again).toMatchObject({ status: 202, body: { caseId } });
    await visit(caseId, 1);
    const review = await t.waitForCase(caseId, openTask('assistance-plan-2'));
    expect(review.stage).toBe('ASSISTANCE_PLANNING');
    expect(review.alertIds).toContain(again.body.alertId);
    expect(review.timeline).toContainEqual(
      expect.objectContaining({ event: 'plan-review', code: 'NEW_ALERT' }),
    );
    // A measure led by a department that does not lead its kind (plan §5) is refused at the form.
    const misled = await complete(
      caseId,
      'assistance-plan-2',
      plan([{ ...job, measureId: 'M-REV-MISLED', leadDepartment: 'propaganda' }]),
      cityBureau,
    );
    expect(misled).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect(misled.body.details).toEqual([
      expect.objectContaining({ field: 'measures[0].leadDepartment', rule: 'one-of' }),
    ]);
    // Ending a measure that is not open is refused; the revision adds one and ends another.
    const added = { ...job, measureId: 'M-REV-CREDIT', measureCode: 'MICRO_CREDIT' };
    const revision = {
      ...plan([added]),
      endMeasures: [{ measureId: 'M-REV-JOB', reasonCode: 'JOB_LOST_TO_ILLNESS' }],
    };
    expect(
      await complete(
        caseId,
        'assistance-plan-2',
        { ...revision, endMeasures: [{ measureId: 'M-NONE', reasonCode: 'X' }] },
        cityBureau,
      ),
    ).toMatchObject({
      status: 422,
      body: { message: 'endMeasures names a measure that is not open' },
    });
    await expectDone(caseId, 'assistance-plan-2', revision, cityBureau);
    const revised = await t.waitForCase(
      caseId,
      (s) =>
        s.stage === 'MONITORING' && s.openTasks.some((x) => x.taskId === 'measure-M-REV-CREDIT'),
    );
    const open = revised.openTasks.map((x) => x.taskId);
    expect(open).toContain('measure-M-REV-DIBAO');
    expect(open).not.toContain('measure-M-REV-JOB');
    const statuses = await t.db.query<{ measure_id: string; status: string }>(
      'SELECT measure_id, status FROM assistance_measures WHERE run_id = $1 ORDER BY measure_id',
      [runId],
    );
    expect(statuses.rows).toEqual([
      { measure_id: 'M-REV-CREDIT', status: 'open' },
      { measure_id: 'M-REV-DIBAO', status: 'open' },
      { measure_id: 'M-REV-JOB', status: 'cancelled' },
    ]);

    // A visit that finds the household at risk again has the plan reviewed too.
    await visit(caseId, 2, { ...stableVisit, stability: 'at-risk' });
    const atRisk = await t.waitForCase(caseId, openTask('assistance-plan-3'));
    expect(atRisk.timeline).toContainEqual(
      expect.objectContaining({ event: 'plan-review', code: 'AT_RISK_AT_VISIT' }),
    );
    await expectDone(
      caseId,
      'assistance-plan-3',
      plan([{ ...allowance, measureId: 'M-REV-MEDICAL', dueOn: '2027-06-30' }]),
      cityBureau,
    );
    await t.waitForCase(caseId, openTask('follow-up-visit-3'));
    await replayAndRecord(
      (await t.client()).workflow.getHandle(caseId, runId),
      'plan-revised-after-alert-and-visit',
    );

    // An alert during the last visit of a run (two visits a run here) is reviewed in the next run.
    await visit(caseId, 3);
    await t.waitForCase(caseId, openTask('follow-up-visit-4'));
    const late = await t.postAlert({ residentId, villageCode, alertId: uniqueId('LATE') });
    expect(late.status).toBe(202);
    await visit(caseId, 4);
    const carried = await t.waitForCase(caseId, openTask('assistance-plan-4'));
    expect(carried.alertIds).toContain(late.body.alertId);
    expect(carried.timeline).toContainEqual(
      expect.objectContaining({ event: 'plan-review', code: 'NEW_ALERT' }),
    );
  });

  it('escalates a follow-up visit not made in time to the township', async () => {
    const { caseId, runId } = await monitoredCase([
      { ...job, measureId: 'M-LATE', dueOn: '2027-06-30' },
    ]);
    await t.waitForCase(caseId, openTask('follow-up-visit-1'));
    await waitForVisibility(
      await t.client(),
      `WorkflowId = '${caseId}' AND CaseStage = 'MONITORING' AND Overdue = true AND AwaitingRole = 'village-cadre'`,
      1,
      30_000,
    );
    const townshipInbox = async () => {
      const inbox = await t.api<{
        tasks: { taskId: string; caseId: string; escalatedTo: string }[];
      }>('GET', '/v1/tasks?overdue=true', undefined, township);
      return inbox.body.tasks.filter((x) => x.caseId === caseId);
    };
    // The inbox row follows the search attributes a moment later (an activity writes it).
    expect(await eventually(townshipInbox, (rows) => rows.length > 0)).toEqual([
      expect.objectContaining({ taskId: 'follow-up-visit-1', escalatedTo: 'township-officer' }),
    ]);
    // Done late is still done, and the cycle goes on.
    await visit(caseId, 1);
    await t.waitForCase(caseId, openTask('follow-up-visit-2'));
    expect(
      await t.count(
        "SELECT 1 FROM tasks WHERE run_id = $1 AND task_id = 'follow-up-visit-1' AND status = 'done'",
        [runId],
      ),
    ).toBe(1);
    await replayAndRecord((await t.client()).workflow.getHandle(caseId), 'visit-overdue-escalated');
  });

  it('rolls a mark back (风险消除回退), and starts a new monitoring period when the risk returns', async () => {
    const { caseId, runId, residentId } = await monitoredCase([
      { ...job, measureId: 'M-RB', dueOn: '2027-06-30' },
    ]);
    await expectDone(
      caseId,
      'measure-M-RB',
      {
        kind: 'assistance-measure',
        status: 'done',
        percent: 100,
        reportedOn: '2026-12-01',
        facts: { type: 'public-welfare-post', post: 'ROAD_CARE', monthlyPay: 700 },
      },
      departmentOf('human-resources'),
    );
    await t.waitForCase(caseId, (s) => !s.openTasks.some((x) => x.taskId === 'measure-M-RB'));
    await visit(caseId, 1);
    await eliminate(caseId, 2, 1);

    // The city bureau of the household rolls back, with a reason, inside the window (sent first,
    // so that nothing else spends the window); the same request again is answered the same.
    const rollback = { rollbackId: uniqueId('RB'), reasonCode: 'INCOME_FELL_AGAIN' };
    const path = `/v1/cases/${caseId}/elimination-rollback`;
    expect(await t.api('POST', path, rollback, cityBureau)).toMatchObject({
      status: 200,
      body: { stage: 'MONITORING' },
    });
    expect((await t.api('POST', path, rollback, cityBureau)).status).toBe(200);
    // Only the city bureau, and only with a well-formed request.
    expect((await t.api('POST', path, rollback, township)).status).toBe(403);
    const malformed = await t.api(
      'POST',
      path,
      { rollbackId: uniqueId('RB'), reasonCode: 'not a code', extra: 1 },
      cityBureau,
    );
    expect(malformed).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect(malformed.body.details).toEqual([
      expect.objectContaining({ field: 'reasonCode', rule: 'format' }),
      expect.objectContaining({ field: 'extra', rule: 'unknown-field' }),
    ]);
    // Monitoring resumes with a new plan; the national system has the mark and its rollback.
    await t.waitForCase(caseId, openTask('assistance-plan-2'));
    expect((await t.db.query('SELECT status FROM cases WHERE run_id = $1', [runId])).rows).toEqual([
      { status: 'included' },
    ]);
    const marks = (await t.simulatorEntries())
      .filter((e) => e.idempotencyKey.startsWith(`${runId}:elimination`))
      .map((e) => e.idempotencyKey)
      .sort();
    expect(marks).toEqual([`${runId}:elimination-1`, `${runId}:elimination-rollback-1`]);
    expect(
      (await t.api('POST', path, { ...rollback, rollbackId: uniqueId('RB') }, cityBureau)).body,
    ).toMatchObject({ code: 'CASE.WRONG_STAGE' });

    // The new plan may not reuse a measure of the period: a rule of the case's state (422).
    const reused = await complete(
      caseId,
      'assistance-plan-2',
      plan([{ ...job, measureId: 'M-RB', dueOn: '2027-06-30' }]),
      cityBureau,
    );
    expect(reused).toMatchObject({
      status: 422,
      body: {
        code: 'CASE.DECISION_INVALID',
        message: 'a measureId is already in use in this case',
      },
    });

    // Eliminated again; then an alert: the household falls back into risk, a new period begins.
    await adoptPlan(caseId, 'assistance-plan-2', [
      { ...job, measureId: 'M-RB2', dueOn: '2027-06-30' },
    ]);
    // A rolled-back mark asks for stability again: one visit, then the proposal.
    await visit(caseId, 3);
    await eliminate(caseId, 4, 2);
    await replayAndRecord(
      (await t.client()).workflow.getHandle(caseId),
      'risk-eliminated-rolled-back-eliminated-again',
    );
    const household = await t.db.query<{ household_key: string }>(
      'SELECT household_key FROM cases WHERE run_id = $1',
      [runId],
    );
    const again = await t.postAlert({ residentId, villageCode, alertId: uniqueId('BACK') });
    expect(again.status).toBe(202);
    const fresh = await t.waitForCase(caseId, openTask('village-verification-1'));
    expect(fresh.runId).not.toBe(runId);
    expect(
      (
        await t.db.query('SELECT status FROM cases WHERE household_key = $1 ORDER BY opened_at', [
          household.rows[0]!.household_key,
        ])
      ).rows,
    ).toEqual([{ status: 'risk-eliminated' }, { status: 'open' }]);
    expect(fresh.alertIds).toEqual([again.body.alertId]);
  });
});
