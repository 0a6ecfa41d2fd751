import { setTimeout as sleep } from 'node:timers/promises';

import type { Assessment, AssessmentFigures, CaseSummary } from '@fanpin/contracts';
import { findDivision } from '@fanpin/domain';

import {
  cadreOf,
  cityBureau,
  departmentOf,
  healthBureau,
  officerOf,
  type AccountSpec,
} from '../support/accounts';
import { policyEnv, suiteSystem } from '../support/harness';
import { newResidentId, riskyFigures, uniqueId } from '../support/records';
import { expectAccessible, shows, visible, withSignedInPage } from '../support/browser';
import { stableVisit } from '../support/procedure';
import { readWorkbook, sheetNamed, sheetTexts } from '../support/workbook';

/**
 * The supervisors' assessment of each township (督导考核, plan §6.4), through the API against the
 * whole system: cases walked through two townships no other suite uses, each step on time or made
 * late by waiting past its (short) deadline, and the figures of each township counted exactly. Suites
 * share the run's database, so the figures are compared with those read before the cases began.
 */
describe('assessment: per-township figures of a period, and their files', () => {
  const townshipA = '220681103'; // 花山镇
  const villageA = '220681103200'; // 青沟子村
  const townshipB = '220681105'; // 四道沟镇
  const villageB = '220681105200'; // 四道沟村
  const supervisor: AccountSpec = { role: 'supervisor' };
  const officerA = officerOf(townshipA);
  const cadreA = cadreOf(villageA);
  const cadreB = cadreOf(villageB);

  /** Yesterday to tomorrow (China Standard Time): the whole suite falls inside, whatever the hour. */
  const day = (offsetDays: number) =>
    new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const period = `from=${day(-1)}&to=${day(1)}`;

  const t = suiteSystem('assessment', {
    // Seconds: a step meant to be late waits past its deadline, one meant to be on time is taken
    // at once (a case walks to the city's desk in some 5 s, a quarter of its identification time).
    api: policyEnv({
      VILLAGE_VERIFICATION_DEADLINE: '8s',
      TOWNSHIP_VERIFICATION_DEADLINE: '8s',
      IDENTIFICATION_DEADLINE: '20s',
      FOLLOW_UP_INTERVAL: '1s',
      FOLLOW_UP_VISIT_DEADLINE: '8s',
    }),
  });

  async function assessment(as: AccountSpec = supervisor) {
    return t.api<Assessment & { code?: string }>('GET', `/v1/assessment?${period}`, undefined, as);
  }

  /** A township's figures, without its code. */
  const figuresOf = (row: Assessment['townships'][number]): AssessmentFigures => {
    const figures: Partial<typeof row> = { ...row };
    delete figures.townshipCode;
    return figures as AssessmentFigures;
  };
  const townshipOf = (a: Assessment, code: string): AssessmentFigures => {
    const row = a.townships.find((r) => r.townshipCode === code);
    if (!row) throw new Error(`no row of township ${code}`);
    return figuresOf(row);
  };

  /** `after` less `before`, field by field. */
  function less(after: AssessmentFigures, before: AssessmentFigures): AssessmentFigures {
    const minus = (a: unknown, b: unknown): unknown =>
      typeof a === 'number'
        ? a - (b as number)
        : Object.fromEntries(
            Object.entries(a as object).map(([k, v]) => [k, minus(v, (b as never)[k])]),
          );
    return minus(after, before) as AssessmentFigures;
  }

  const openTask = (taskId: string) => (s: CaseSummary) =>
    s.openTasks.some((task) => task.taskId === taskId);

  async function complete(caseId: string, taskId: string, body: object, as: AccountSpec) {
    const done = await t.api('POST', `/v1/cases/${caseId}/tasks/${taskId}`, body, as);
    expect({ taskId, status: done.status, body: done.body }).toMatchObject({ status: 200 });
  }

  /** Waits until the open task `taskId` is past its due instant (by a second). */
  async function pastDue(caseId: string, taskId: string): Promise<void> {
    const s = await t.waitForCase(caseId, openTask(taskId), 120_000);
    const due = s.openTasks.find((task) => task.taskId === taskId)?.dueAt;
    if (!due) throw new Error(`${taskId} has no due date`);
    await sleep(Math.max(0, Date.parse(due) + 1000 - Date.now()));
  }

  const notAtRisk = {
    kind: 'village-verification',
    outcome: 'not-at-risk',
    incomePerCapita: 9800,
    lastYearIncomePerCapita: 9500,
    rigidExpenses: 2000,
    assurances: stableVisit.assurances,
    labourCapacity: 'full',
    triggers: [],
    commitmentSigned: false,
    reasonCode: 'INCOME_ABOVE_LINE',
  };
  const measureDone = {
    kind: 'assistance-measure',
    status: 'done',
    percent: 100,
    reportedOn: '2026-12-02',
  };
  /** What a done measure of each department states (its code requires them). */
  const factsOf = (leadDepartment: string) =>
    leadDepartment === 'civil-affairs'
      ? { type: 'social-assistance', status: 'minimum-living-allowance', monthlyAmount: 500 }
      : { type: 'public-welfare-post', post: 'ROAD_CARE', monthlyPay: 700 };
  const measure = (measureId: string, leadDepartment: string, dueOn: string) => ({
    measureId,
    kind: leadDepartment === 'civil-affairs' ? 'safety-net' : 'employment',
    measureCode:
      leadDepartment === 'civil-affairs' ? 'MINIMUM_LIVING_ALLOWANCE' : 'PUBLIC_WELFARE_JOB',
    leadDepartment,
    responsibleDepartments: [],
    dueOn,
  });

  /** The city includes the case now, adopts a plan of `measures`, and each department ends its own. */
  async function includeAndHelp(caseId: string, measures: ReturnType<typeof measure>[]) {
    await t.walkTo(caseId, 'ASSISTANCE_PLANNING');
    await complete(
      caseId,
      'assistance-plan-1',
      { kind: 'assistance-plan', measures, announcedOn: '2026-11-30' },
      cityBureau,
    );
    for (const m of measures) {
      await t.waitForCase(caseId, openTask(`measure-${m.measureId}`));
      await complete(
        caseId,
        `measure-${m.measureId}`,
        { ...measureDone, facts: factsOf(m.leadDepartment) },
        departmentOf(m.leadDepartment),
      );
    }
  }

  /** A follow-up visit of the village, once it is open (and, if `late`, once it is past due). */
  async function visit(
    caseId: string,
    n: number,
    as: AccountSpec,
    o: { late: boolean; end: boolean },
  ) {
    const taskId = `follow-up-visit-${n}`;
    if (o.late) await pastDue(caseId, taskId);
    else await t.waitForCase(caseId, openTask(taskId), 60_000);
    // Proposing elimination ends the visits: its appraisal has the product's long deadline.
    await complete(caseId, taskId, { ...stableVisit, proposeElimination: o.end }, as);
  }

  it('counts each township’s screenings, households found, deadlines kept and missed', async () => {
    const before = (await assessment()).body;
    const posted = async (villageCode: string) => {
      const alert = await t.postAlert({ villageCode });
      expect(alert.status).toBe(202);
      return alert.body.caseId;
    };

    // 花山镇: a bureau's alert identified on time, with one measure late and one on time and a
    // visit on time; a written declaration the cadre checked late; two screenings, one reported,
    // whose case the cadre closed on time.
    const a1 = await posted(villageA);
    const declared = await t.api(
      'POST',
      '/v1/declarations',
      {
        declarationId: uniqueId('DEC'),
        channel: 'written-form',
        villageCode: villageA,
        head: { name: '考核户主', residentId: newResidentId() },
        triggers: [],
      },
      cadreA,
    );
    expect(declared.status).toBe(202);
    const a2 = declared.body.caseId as string;
    const screening = (decision: string) => ({
      screeningId: uniqueId('SCR'),
      villageCode: villageA,
      head: { name: '排查户主', residentId: newResidentId() },
      figures: riskyFigures,
      decision,
    });
    const quiet = await t.api('POST', '/v1/screenings', screening('no-risk'), cadreA);
    const reported = await t.api<{ receipt: { caseId: string } }>(
      'POST',
      '/v1/screenings',
      screening('report'),
      cadreA,
    );
    expect([quiet.status, reported.status]).toEqual([202, 202]);
    const a3 = reported.body.receipt.caseId;

    // 四道沟镇: a bureau's alert identified late, its first visit late and its second on time; and
    // one whose township verification is left past due.
    const b1 = await posted(villageB);
    const b2 = await posted(villageB);

    await Promise.all([
      (async () => {
        await t.reachCityDetermination(a1, 120_000);
        await includeAndHelp(a1, [
          measure('M-LATE', 'civil-affairs', '2026-11-01'),
          measure('M-ON-TIME', 'human-resources', '2027-03-31'),
        ]);
        await visit(a1, 1, cadreA, { late: false, end: true });
      })(),
      (async () => {
        await pastDue(a2, 'village-verification-1');
        await complete(a2, 'village-verification-1', notAtRisk, cadreA);
      })(),
      (async () => {
        await t.waitForCase(a3, openTask('village-verification-1'));
        await complete(a3, 'village-verification-1', notAtRisk, cadreA);
      })(),
      (async () => {
        await t.reachCityDetermination(b1, 120_000);
        await pastDue(b1, 'determination-1');
        await includeAndHelp(b1, [measure('M-JOB', 'human-resources', '2027-03-31')]);
        await visit(b1, 1, cadreB, { late: true, end: false });
        await visit(b1, 2, cadreB, { late: false, end: true });
      })(),
      (async () => {
        const s = await t.walkTo(b2, 'TOWNSHIP_VERIFICATION');
        await pastDue(b2, s.openTask!.taskId);
      })(),
    ]);
    for (const [caseId, stage] of [
      [a1, 'ELIMINATION_APPRAISAL'],
      [a2, 'EXCLUDED'],
      [a3, 'EXCLUDED'],
      [b1, 'ELIMINATION_APPRAISAL'],
    ] as const) {
      await t.waitForCase(caseId, (s) => s.stage === stage, 30_000);
    }
    // The inbox records each task done as the case takes it up: wait for the last ones.
    await t.waitForCase(a1, (s) => !s.openTasks.some((x) => x.kind === 'assistance-measure'));
    await t.waitForCase(b1, (s) => s.completedTaskIds.includes('follow-up-visit-2'));

    const after = await assessment();
    expect(after.status).toBe(200);
    expect(after.body.townships.map((r) => r.townshipCode)).toHaveLength(13);
    expect(less(townshipOf(after.body, townshipA), townshipOf(before, townshipA))).toEqual({
      householdsScreened: 2,
      screeningsAtRisk: 1,
      householdsFound: { total: 3, selfDeclaration: 1, cadreScreening: 1, bureauAlert: 1 },
      identified: { onTime: 1, late: 0 },
      overdueTasks: { village: 1, township: 0, city: 0, department: 1 },
      visits: { onTime: 1, late: 0 },
      measures: { onTime: 1, late: 1 },
    });
    expect(less(townshipOf(after.body, townshipB), townshipOf(before, townshipB))).toEqual({
      householdsScreened: 0,
      screeningsAtRisk: 0,
      householdsFound: { total: 2, selfDeclaration: 0, cadreScreening: 0, bureauAlert: 2 },
      identified: { onTime: 0, late: 1 },
      overdueTasks: { village: 1, township: 1, city: 1, department: 0 },
      visits: { onTime: 1, late: 1 },
      measures: { onTime: 1, late: 0 },
    });
    // The total is the townships' sum.
    const households = after.body.townships.reduce((n, r) => n + r.householdsFound.total, 0);
    expect(after.body.total.householdsFound.total).toBe(households);
    expect(after.body.total.overdueTasks.township).toBe(
      after.body.townships.reduce((n, r) => n + r.overdueTasks.township, 0),
    );
  }, 420_000);

  it('shows a township officer its own township only, and refuses roles without a jurisdiction of townships', async () => {
    const own = await assessment(officerA);
    expect(own.status).toBe(200);
    expect(own.body.townships.map((r) => r.townshipCode)).toEqual([townshipA]);
    const figures = figuresOf(own.body.townships[0]!);
    expect(own.body.total).toEqual(figures);
    const cityWide = await assessment(cityBureau);
    expect(cityWide.body.townships).toHaveLength(13);
    expect(townshipOf(cityWide.body, townshipA)).toEqual(figures);
    for (const as of [cadreA, departmentOf('civil-affairs'), healthBureau]) {
      const refused = await assessment(as);
      expect([as.role, refused.status, refused.body.code]).toEqual([as.role, 403, 'ACCESS.DENIED']);
    }
  });

  it('refuses a period that is not one with a stable code', async () => {
    for (const query of [
      `from=${day(1)}&to=${day(-1)}`,
      'from=2026-02-30&to=2026-03-31',
      'from=2026-13-01&to=2026-12-31',
      'from=yesterday&to=2026-12-31',
      'from=2025-01-01&to=2026-06-30',
      'to=2026-12-31',
    ]) {
      const refused = await t.api<{ code: string }>('GET', `/v1/assessment?${query}`);
      expect([query, refused.status, refused.body.code]).toEqual([query, 400, 'INPUT.INVALID']);
      const file = await t.api<{ code: string }>('GET', `/v1/assessment.csv?${query}`);
      expect([query, file.status, file.body.code]).toEqual([query, 400, 'INPUT.INVALID']);
    }
  });

  async function download(format: 'xlsx' | 'csv', as: AccountSpec) {
    const response = await fetch(`${t.system.services.api.url}/v1/assessment.${format}?${period}`, {
      headers: { authorization: `Bearer ${await t.token(as)}` },
    });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  }

  /** A line of the table: the township's code and name, then its figures in the columns' order. */
  const line = (code: string, name: string, f: AssessmentFigures) => [
    code,
    name,
    ...[
      f.householdsScreened,
      f.screeningsAtRisk,
      f.householdsFound.total,
      f.householdsFound.selfDeclaration,
      f.householdsFound.cadreScreening,
      f.householdsFound.bureauAlert,
      f.identified.onTime,
      f.identified.late,
      f.overdueTasks.village,
      f.overdueTasks.township,
      f.overdueTasks.city,
      f.overdueTasks.department,
      f.visits.onTime,
      f.visits.late,
      f.measures.onTime,
      f.measures.late,
    ].map(String),
  ];
  const header = [
    ...['乡镇代码', '乡镇名称', '排查户数', '排查发现风险', '新发现户数', '农户自主申报'],
    ...['干部排查', '部门预警', '按时认定', '超时认定', '村级逾期任务', '乡镇逾期任务'],
    ...['市级逾期任务', '部门逾期任务', '按时回访', '超时回访', '按时完成帮扶措施'],
    '超时完成帮扶措施',
  ];

  it('exports the same table as a workbook and as CSV', async () => {
    const figures = (await assessment()).body;
    const expected = [
      ...figures.townships.map(({ townshipCode, ...f }) =>
        line(townshipCode, findDivision(townshipCode)?.name ?? '', f),
      ),
      line('合计', '', figures.total),
    ];

    const xlsx = await download('xlsx', supervisor);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment;/);
    const rows = sheetTexts(sheetNamed(await readWorkbook(xlsx.body), '督导考核'));
    expect(rows[0]).toEqual(['临江市防止返贫动态监测督导考核表']);
    expect(rows[1]).toEqual([`考核期：${day(-1)} 至 ${day(1)}（北京时间）`]);
    expect(rows[3]).toEqual(header);
    expect(rows.slice(4)).toEqual(expected);
    expect(rows.find((r) => r[0] === townshipA)?.[1]).toBe('花山镇');

    const csv = await download('csv', supervisor);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.subarray(3).toString('utf8').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => l.split(','))).toEqual([header, ...expected]);

    // A township's file holds its own line and the total.
    const own = await download('csv', officerA);
    const ownLines = own.body.subarray(3).toString('utf8').split('\r\n');
    expect(ownLines.map((l) => l.split(',')[0])).toEqual(['乡镇代码', townshipA, '合计', '']);
    expect((await download('xlsx', cadreA)).status).toBe(403);
  });
  it('shows supervisors the table in the console, with the same figures and its files', async () => {
    await withSignedInPage(t, supervisor, async (page) => {
      await page.getByRole('navigation', { name: '主菜单' }).getByText('督导考核').click();
      await page.waitForURL(/\/assessment$/);
      // The page's period until one is picked: from the first of this month to today.
      const today = day(0);
      const query = `from=${today.slice(0, 8)}01&to=${today}`;
      const figures = (
        await t.api<Assessment>('GET', `/v1/assessment?${query}`, undefined, supervisor)
      ).body;
      const rowOf = (code: string) => page.locator(`[data-assessment] tr[data-township="${code}"]`);
      await visible(rowOf(townshipA));
      for (const [code, f] of [
        [townshipA, townshipOf(figures, townshipA)],
        [townshipB, townshipOf(figures, townshipB)],
        ['total', figures.total],
      ] as const) {
        const cells = (await rowOf(code).locator('th, td').allInnerTexts()).map((c) => c.trim());
        expect(cells.slice(1)).toEqual(line('', '', f).slice(2));
      }
      await shows(rowOf(townshipA).locator('th'), '花山镇');
      expect(await rowOf(townshipB).locator('td.overdue').count()).toBeGreaterThan(0);
      for (const format of ['xlsx', 'csv'] as const) {
        const href = await page.locator(`[data-export="${format}"]`).getAttribute('href');
        expect(href).toBe(`/v1/assessment.${format}?${query}`);
        const file = await page.request.get(`${t.apiUrl}${href}`);
        expect([format, file.status()]).toEqual([format, 200]);
      }
      await expectAccessible(page);
    });
  });
});
