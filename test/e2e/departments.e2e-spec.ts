import {
  TaskQueues,
  reportWorkflowId,
  type CaseSummary,
  type ReportView,
  type ScaleRiskContent,
  type TaskView,
} from '@fanpin/contracts';

import { replayAndRecord } from '../support/histories';
import { cityBureau, departmentOf, officerOf, type AccountSpec } from '../support/accounts';
import { policyEnv, suiteSystem } from '../support/harness';
import { readWorkbook, sheetNamed, sheetTexts } from '../support/workbook';

/**
 * The departments of plan §5 in assistance measures, through the HTTP API: each kind led only by
 * the departments the plan names; each responsible unit (责任单位) — a department, or the household's
 * own township (各乡镇(街)) — has its part as a task in its own inbox, with the measure it must
 * deliver beside it and no more of the household than the lead department sees; the measures'
 * facts (a micro-credit loan, a public-welfare post) reported done and summed per township in the
 * yearly report. All in 森工街道 (220681005).
 */
describe('departments: lead and responsible units of assistance measures, and their facts', () => {
  const townshipCode = '220681005';
  const villageCode = '220681005200';
  const township = officerOf(townshipCode);
  const otherTownship = officerOf('220681100');
  const t = suiteSystem('departments', { api: policyEnv({ FOLLOW_UP_INTERVAL: '3600s' }) });
  let caseId: string;
  let residentId: string;

  /** 扶贫小额信贷: led by the rural commercial bank, the finance bureau and the township taking part. */
  const loan = {
    measureId: 'M-LOAN',
    kind: 'industry',
    measureCode: 'MICRO_CREDIT',
    leadDepartment: 'rural-commercial-bank',
    responsibleDepartments: ['finance', 'townships'],
    dueOn: '2027-03-31',
    facts: { type: 'micro-credit', amount: 30000 },
  };
  /** A public-welfare post, already late: its parts go to the city bureau to chase. */
  const post = {
    measureId: 'M-POST',
    kind: 'employment',
    measureCode: 'PUBLIC_WELFARE_JOB',
    leadDepartment: 'human-resources',
    responsibleDepartments: ['rural-revitalisation', 'townships'],
    dueOn: '2026-11-01',
  };
  /** 扶志扶智: the propaganda department leads, education and the township take part. */
  const talk = {
    measureId: 'M-TALK',
    kind: 'motivation',
    measureCode: 'CIVIC_CAMPAIGN',
    leadDepartment: 'propaganda',
    responsibleDepartments: ['education', 'townships'],
    dueOn: '2027-06-30',
  };
  /** A measure as a task shows it: the plan's, but for its responsible units. */
  const listed = ({ responsibleDepartments: _, ...measure }: typeof loan) => measure;
  const plan = (measures: object[]) => ({
    kind: 'assistance-plan',
    measures,
    announcedOn: '2026-11-30',
  });
  const part = {
    kind: 'measure-contribution',
    contributionCode: 'FUNDS_ALLOCATED',
    reportedOn: '2026-12-01',
  };

  beforeAll(async () => {
    ({ caseId, residentId } = await t.caseAt('ASSISTANCE_PLANNING', { villageCode }, 240_000));
  }, 240_000);

  function complete(taskId: string, body: unknown, as: AccountSpec) {
    return t.api<Record<string, unknown>>('POST', `/v1/cases/${caseId}/tasks/${taskId}`, body, as);
  }

  const ofCase = (rows: TaskView[]) => rows.filter((r) => r.caseId === caseId);
  const hasOpen = (id: string) => (s: CaseSummary) => s.openTasks.some((x) => x.taskId === id);

  it('refuses a measure led by a department the plan does not name for its kind, or a unit it does not make responsible', async () => {
    const misled = await complete(
      'assistance-plan-1',
      plan([{ ...loan, leadDepartment: 'human-resources' }]),
      cityBureau,
    );
    expect(misled).toMatchObject({
      status: 400,
      body: {
        code: 'INPUT.INVALID',
        details: [
          {
            field: 'measures[0].leadDepartment',
            rule: 'one-of',
            message:
              'leadDepartment does not lead industry measures: agriculture, finance, rural-revitalisation, ethnic-religious-affairs, rural-commercial-bank do',
          },
        ],
      },
    });
    const strayUnit = await complete(
      'assistance-plan-1',
      plan([{ ...post, responsibleDepartments: ['water'] }]),
      cityBureau,
    );
    expect(strayUnit).toMatchObject({
      status: 400,
      body: {
        code: 'INPUT.INVALID',
        details: [{ field: 'measures[0].responsibleDepartments', rule: 'one-of' }],
      },
    });
    const wrongFacts = await complete(
      'assistance-plan-1',
      plan([{ ...loan, facts: { type: 'public-welfare-post', post: 'X', monthlyPay: 1 } }]),
      cityBureau,
    );
    expect(wrongFacts).toMatchObject({
      status: 400,
      body: { details: [{ field: 'measures[0].facts.type', rule: 'one-of' }] },
    });
    // Nothing was adopted: the plan still waits.
    const s = await t.waitForCase(caseId, (c) => c.openTask?.taskId === 'assistance-plan-1');
    expect(s.stage).toBe('ASSISTANCE_PLANNING');
  });

  it('gives each responsible unit its part in its own inbox, with the measure beside it', async () => {
    expect((await complete('assistance-plan-1', plan([loan, post, talk]), cityBureau)).status).toBe(
      200,
    );
    const s = await t.waitForCase(caseId, (c) => c.stage === 'MONITORING');
    expect(s.openTasks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          taskId: 'measure-M-LOAN',
          awaitingRole: 'lead-department',
          department: 'rural-commercial-bank',
          measureCode: 'MICRO_CREDIT',
        }),
        expect.objectContaining({
          taskId: 'part-M-LOAN-finance',
          kind: 'measure-contribution',
          awaitingRole: 'lead-department',
          department: 'finance',
          measureId: 'M-LOAN',
        }),
        expect.objectContaining({
          taskId: 'part-M-LOAN-townships',
          kind: 'measure-contribution',
          awaitingRole: 'township-officer',
        }),
        expect.objectContaining({ taskId: 'part-M-POST-rural-revitalisation' }),
        expect.objectContaining({ taskId: 'part-M-POST-townships' }),
      ]),
    );

    // The finance bureau sees its part: the measure's kind, code, due day and facts, the village;
    // like the lead department, not the head's name.
    const finance = ofCase(await t.inbox(departmentOf('finance')));
    expect(finance).toEqual([
      expect.objectContaining({
        taskId: 'part-M-LOAN-finance',
        kind: 'measure-contribution',
        role: 'lead-department',
        department: 'finance',
        villageCode,
        townshipCode,
        measure: listed(loan),
      }),
    ]);
    expect(finance[0]).not.toHaveProperty('householdName');
    const bank = ofCase(await t.inbox(departmentOf('rural-commercial-bank')));
    expect(bank.map((r) => [r.taskId, r.measure?.measureCode])).toEqual([
      ['measure-M-LOAN', 'MICRO_CREDIT'],
    ]);
    expect(bank[0]).not.toHaveProperty('householdName');
    // The township's part is in its officers' inbox, with what it must deliver; not in another's.
    const parts = ofCase(await t.inbox(township)).filter((r) => r.kind === 'measure-contribution');
    expect(parts.map((r) => [r.taskId, r.role, r.measure?.kind]).sort()).toEqual([
      ['part-M-LOAN-townships', 'township-officer', 'industry'],
      ['part-M-POST-townships', 'township-officer', 'employment'],
      ['part-M-TALK-townships', 'township-officer', 'motivation'],
    ]);
    expect(ofCase(await t.inbox(otherTownship))).toEqual([]);

    // The late post's parts are chased by the city bureau, like any late task.
    const chased = await t.waitForCase(caseId, (c) =>
      c.openTasks.some((x) => x.taskId === 'part-M-POST-townships' && x.escalatedTo),
    );
    expect(chased.openTasks.find((x) => x.taskId === 'part-M-POST-townships')).toMatchObject({
      escalatedTo: 'city-bureau',
    });
    const cityParts = ofCase(await t.inbox(cityBureau)).filter((r) =>
      r.taskId.startsWith('part-M-POST'),
    );
    expect(cityParts.map((r) => [r.taskId, r.escalatedTo, r.overdue]).sort()).toEqual([
      ['part-M-POST-rural-revitalisation', 'city-bureau', true],
      ['part-M-POST-townships', 'city-bureau', true],
    ]);
  });

  it('takes each part from its own unit only, and records it in the case history', async () => {
    expect((await complete('part-M-LOAN-finance', part, departmentOf('agriculture'))).status).toBe(
      403,
    );
    expect((await complete('part-M-LOAN-townships', part, departmentOf('finance'))).status).toBe(
      403,
    );
    expect((await complete('part-M-LOAN-townships', part, otherTownship)).status).toBe(404);
    const wrongForm = await complete(
      'part-M-LOAN-finance',
      { ...part, contributionCode: undefined },
      departmentOf('finance'),
    );
    expect(wrongForm).toMatchObject({
      status: 400,
      body: { details: [{ field: 'contributionCode', rule: 'required' }] },
    });
    const done = await complete('part-M-LOAN-finance', part, departmentOf('finance'));
    expect(done).toMatchObject({
      status: 200,
      body: { taskId: 'part-M-LOAN-finance', kind: 'measure-contribution' },
    });
    const townshipPart = { ...part, contributionCode: 'HOUSEHOLD_VISITED' };
    expect((await complete('part-M-LOAN-townships', townshipPart, township)).status).toBe(200);
    // The same report again is the same request (answered again); another one comes too late.
    expect((await complete('part-M-LOAN-townships', townshipPart, township)).status).toBe(200);
    const again = { ...townshipPart, contributionCode: 'OTHER' };
    expect(await complete('part-M-LOAN-townships', again, township)).toMatchObject({
      status: 409,
      body: { code: 'CASE.TASK_ALREADY_DONE' },
    });
    await t.waitForCase(
      caseId,
      (c) => !hasOpen('part-M-LOAN-finance')(c) && !hasOpen('part-M-LOAN-townships')(c),
    );
    // The measure itself stays the lead department's.
    expect(hasOpen('measure-M-LOAN')(await t.waitForCase(caseId, () => true))).toBe(true);

    // The steps and the inbox rows follow the case's state a moment later.
    const steps = await t.rowsWhen(
      `SELECT e.step_id, e.kind, e.detail->>'measureId' AS measure_id, e.detail->>'unit' AS unit,
              e.detail->>'contributionCode' AS code
         FROM case_events e JOIN cases c ON c.run_id = e.run_id
        WHERE c.case_id = $1 AND e.kind = 'measure-contribution' ORDER BY e.step_id`,
      [caseId],
      (rows) => rows.length >= 2,
    );
    expect(steps).toEqual([
      {
        step_id: 'part-M-LOAN-finance',
        kind: 'measure-contribution',
        measure_id: 'M-LOAN',
        unit: 'finance',
        code: 'FUNDS_ALLOCATED',
      },
      {
        step_id: 'part-M-LOAN-townships',
        kind: 'measure-contribution',
        measure_id: 'M-LOAN',
        unit: 'townships',
        code: 'HOUSEHOLD_VISITED',
      },
    ]);
    const inbox = await t.rowsWhen<{ status: string }>(
      `SELECT t.task_id, t.status, t.completed_by IS NOT NULL AS by
         FROM tasks t JOIN cases c USING (run_id)
        WHERE c.case_id = $1 AND t.task_id LIKE 'part-M-LOAN-%' ORDER BY t.task_id`,
      [caseId],
      (rows) => rows.every((r) => r.status !== 'open'),
    );
    expect(inbox).toEqual([
      { task_id: 'part-M-LOAN-finance', status: 'done', by: true },
      { task_id: 'part-M-LOAN-townships', status: 'done', by: true },
    ]);
    const financeDone = await t.api<{ tasks: TaskView[] }>(
      'GET',
      '/v1/tasks?status=done',
      undefined,
      departmentOf('finance'),
    );
    expect(ofCase(financeDone.body.tasks).map((r) => r.taskId)).toEqual(['part-M-LOAN-finance']);
  });

  it('has measures reported done with their facts, and sums them per township in the yearly report', async () => {
    const done = {
      kind: 'assistance-measure',
      status: 'done',
      percent: 100,
      reportedOn: '2026-12-03',
    };
    // A public-welfare job is done once its post and monthly pay are stated.
    const bare = await complete('measure-M-POST', done, departmentOf('human-resources'));
    expect(bare).toMatchObject({
      status: 400,
      body: { code: 'INPUT.INVALID', details: [{ field: 'facts', rule: 'required' }] },
    });
    const postFacts = { type: 'public-welfare-post', post: 'ROAD_CARE', monthlyPay: 800 };
    expect(
      (
        await complete(
          'measure-M-POST',
          { ...done, facts: postFacts },
          departmentOf('human-resources'),
        )
      ).status,
    ).toBe(200);
    // The bank lent more than planned: its report states the loan as granted.
    const granted = { type: 'micro-credit', amount: 50000, termMonths: 36 };
    expect(
      (
        await complete(
          'measure-M-LOAN',
          { ...done, noteCode: 'LOAN_GRANTED', facts: granted },
          departmentOf('rural-commercial-bank'),
        )
      ).status,
    ).toBe(200);
    await t.waitForCase(
      caseId,
      (c) => !hasOpen('measure-M-LOAN')(c) && !hasOpen('measure-M-POST')(c),
    );
    // The plan's rows take a done measure when the case writes its step, a moment later.
    const measures = await t.rowsWhen<{ measure_id: string; status: string }>(
      `SELECT m.measure_id, m.status, m.facts, m.done_at IS NOT NULL AS dated
         FROM assistance_measures m JOIN cases c USING (run_id)
        WHERE c.case_id = $1 ORDER BY m.measure_id`,
      [caseId],
      (rows) =>
        rows
          .filter((r) => ['M-LOAN', 'M-POST'].includes(r.measure_id))
          .every((r) => r.status === 'done'),
    );
    expect(measures).toEqual([
      { measure_id: 'M-LOAN', status: 'done', facts: granted, dated: true },
      { measure_id: 'M-POST', status: 'done', facts: postFacts, dated: true },
      { measure_id: 'M-TALK', status: 'open', facts: null, dated: false },
    ]);
    // The case file's measure list shows them.
    const file = await t.api<{ measures: { measureId: string; facts: unknown }[] }>(
      'GET',
      `/v1/cases/${caseId}/file`,
      undefined,
      township,
    );
    expect(file.body.measures.map((m) => [m.measureId, m.facts])).toEqual([
      ['M-POST', postFacts],
      ['M-LOAN', granted],
      ['M-TALK', null],
    ]);

    // The yearly report of this year (its period taken by hand, as a rerun of the Schedule would).
    const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const period = { start: endOf(`${year - 1}-12-31`), end: endOf(`${year}-12-31`) };
    await t.db.query(`DELETE FROM reports WHERE kind = 'scale-risk' AND period_end = $1`, [
      period.end,
    ]);
    const client = await t.client();
    const run = await client.workflow.start('periodicReport', {
      taskQueue: TaskQueues.householdCase,
      workflowId: `${reportWorkflowId('scale-risk', period)}-${caseId.slice(-8)}`,
      args: [{ kind: 'scale-risk', period }],
    });
    await run.result();
    const listed = await t.api<ReportView[]>(
      'GET',
      '/v1/reports?kind=scale-risk',
      undefined,
      cityBureau,
    );
    const report = listed.body.find((r) => r.periodEnd === period.end);
    expect(report).toBeDefined();
    const stored = await t.db.query<{ content: ScaleRiskContent }>(
      `SELECT content FROM reports WHERE report_id = $1`,
      [report!.reportId],
    );
    const ours = (stored.rows[0]!.content.measures ?? []).filter(
      (m) => m.townshipCode === townshipCode,
    );
    expect(ours).toEqual([
      {
        townshipCode,
        kind: 'employment',
        measureCode: 'PUBLIC_WELFARE_JOB',
        done: 1,
        withFacts: 1,
        yuan: 800,
      },
      {
        townshipCode,
        kind: 'industry',
        measureCode: 'MICRO_CREDIT',
        done: 1,
        withFacts: 1,
        yuan: 50000,
      },
    ]);
    const xlsx = await fetch(`${t.system.services.api.url}/v1/reports/${report!.reportId}/xlsx`, {
      headers: { authorization: `Bearer ${await t.token(cityBureau)}` },
    });
    expect(xlsx.status).toBe(200);
    const workbook = await readWorkbook(Buffer.from(await xlsx.arrayBuffer()));
    const lines = sheetTexts(sheetNamed(workbook, '帮扶措施')).filter((r) => r[0] === townshipCode);
    expect(lines).toEqual([
      [townshipCode, '森工街道', '就业帮扶', 'PUBLIC_WELFARE_JOB', '1', '1', '800'],
      [townshipCode, '森工街道', '产业帮扶', 'MICRO_CREDIT', '1', '1', '50000'],
    ]);
    // A year so far is no year's report: the Schedule takes the whole year when it has ended.
    await t.db.query(`DELETE FROM reports WHERE report_id = $1`, [report!.reportId]);
  });

  it('ends the responsible units’ parts with their measure when a revision ends it', async () => {
    // A new alert for the household has the city review the plan in force.
    expect((await t.postAlert({ villageCode, residentId })).status).toBe(202);
    await t.waitForCase(caseId, (c) => c.openTask?.taskId === 'assistance-plan-2');
    const subsidy = {
      measureId: 'M-SUBSIDY',
      kind: 'industry',
      measureCode: 'INDUSTRY_SUBSIDY',
      leadDepartment: 'agriculture',
      responsibleDepartments: [],
      dueOn: '2027-06-30',
      facts: { type: 'industry-subsidy', amount: 3000 },
    };
    const revision = {
      ...plan([subsidy]),
      endMeasures: [{ measureId: 'M-TALK', reasonCode: 'NO_LONGER_NEEDED' }],
    };
    expect((await complete('assistance-plan-2', revision, cityBureau)).status).toBe(200);
    // The revision opens its measures, then withdraws the ended one and its parts: both are seen.
    await t.waitForCase(
      caseId,
      (c) =>
        hasOpen('measure-M-SUBSIDY')(c) && !c.openTasks.some((x) => x.taskId.includes('M-TALK')),
    );
    // The inbox follows the case's state a moment later.
    const rows = await t.rowsWhen<{ status: string }>(
      `SELECT t.task_id, t.status FROM tasks t JOIN cases c USING (run_id)
        WHERE c.case_id = $1 AND t.task_id LIKE '%-M-TALK%' ORDER BY t.task_id`,
      [caseId],
      (read) => read.every((r) => r.status !== 'open'),
    );
    expect(rows).toEqual([
      { task_id: 'measure-M-TALK', status: 'cancelled' },
      { task_id: 'part-M-TALK-education', status: 'cancelled' },
      { task_id: 'part-M-TALK-townships', status: 'cancelled' },
    ]);
    expect(await complete('part-M-TALK-education', part, departmentOf('education'))).toMatchObject({
      status: 409,
    });
    expect(ofCase(await t.inbox(departmentOf('education')))).toEqual([]);
  });

  it('replays the case as recorded', async () => {
    await replayAndRecord(
      (await t.client()).workflow.getHandle(caseId),
      'responsible-units-reported',
    );
  });
});
