import type {
  CaseFileView,
  CaseHistoryPage,
  DashboardView,
  MeasurePage,
  RegisterPage,
  TaskPage,
  VillageAnnouncement,
  VillageNotice,
} from '@fanpin/contracts';

import { Scenario, accountOf } from '../contract/scenario';
import { assistancePlan, identificationSteps } from '../support/procedure';
import {
  TestSystem,
  newResidentId,
  policyEnv,
  uniqueId,
  type AccountSpec,
} from '../support/harness';
import { readWorkbook, sheetNamed, sheetTexts } from '../support/workbook';

/**
 * The staff console's read side: the enriched inbox, a case file and its history, the
 * register, a department's measures, a village's notice board and the supervisors' figures, each
 * answered from PostgreSQL inside the caller's jurisdiction, names only where a role may read
 * households, resident IDs masked, never a phone.
 */
describe('console read side', () => {
  let t: TestSystem;
  let s: Scenario;
  // A: 西大川村 of 桦树镇, walked into monitoring; C: the same village, held in its public notice by
  // an objection; B: 台兴村 of 建国街道, waiting for the city.
  const villageA = '220681100200';
  const townshipA = '220681100';
  const villageB = '220681001200';
  const townshipB = '220681001';
  const ids = { a: newResidentId(), b: newResidentId(), c: newResidentId() };
  const names = { a: '张控台', b: '李控台', c: '王控台' };
  const phone = '13912345678';
  let caseA: string;
  let caseB: string;
  let caseC: string;
  const city = accountOf('city-bureau');
  const townshipOfficerA: AccountSpec = { role: 'township-officer', divisionCode: townshipA };
  const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

  async function post(key: 'a' | 'b' | 'c', villageCode: string): Promise<string> {
    const body = {
      alertId: uniqueId('HEALTH'),
      bureau: 'health',
      villageCode,
      head: { name: names[key], residentId: ids[key], phone },
      triggers: [2, 3],
    };
    const posted = await t.api<{ caseId: string }>('POST', '/v1/alerts', body);
    expect(posted.status).toBe(202);
    return posted.body.caseId;
  }

  async function walkIntoMonitoring(caseId: string): Promise<void> {
    await t.reachCityDetermination(caseId);
    await s.complete(
      caseId,
      'determination-1',
      { kind: 'city-determination', include: true, householdClass: 'marginal' },
      city,
    );
    await s.completeOpen(caseId, 'assistance-plan-1', assistancePlan, city);
    await t.waitForCase(caseId, (c) => c.stage === 'MONITORING', 30_000);
  }

  async function holdInNotice(caseId: string): Promise<void> {
    const { divisions } = await t.waitForCase(caseId, (c) => c.openTask !== null);
    await s.toNotice(caseId, divisions);
    // An objection's review keeps the notice on the board until the township has decided it.
    await s.lodgeObjection(caseId);
  }

  /** Every page of a list, following `next` as `after`. */
  async function allPages<T>(url: string, as: AccountSpec, items: (page: T) => unknown[]) {
    const found: unknown[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const page: { status: number; body: T & { next: string | null } } = await t.api(
        'GET',
        after ? `${url}${sep}after=${encodeURIComponent(after)}` : url,
        undefined,
        as,
      );
      expect(page.status).toBe(200);
      found.push(...items(page.body));
      after = page.body.next;
      pages++;
    } while (after !== null && pages < 100);
    return { found, pages };
  }

  /** No answer holds a full resident ID or a phone, whoever asks. */
  function expectNoNumbers(body: unknown): void {
    const text = JSON.stringify(body);
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    expect(text).not.toContain(phone);
    expect(text).not.toContain(phone.slice(-4) + '"');
  }

  beforeAll(async () => {
    t = await TestSystem.start('console-read', { api: policyEnv({ NOTICE_PERIOD: '6s' }) });
    s = new Scenario(t);
    [caseA, caseB, caseC] = await Promise.all([
      post('a', villageA),
      post('b', villageB),
      post('c', villageA),
    ]);
    await Promise.all([
      walkIntoMonitoring(caseA),
      t.reachCityDetermination(caseB),
      holdInNotice(caseC),
    ]);
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('enriches the inbox with stage, household and filters, by jurisdiction', async () => {
    const url = `/v1/tasks?stage=CITY_DETERMINATION&townshipCode=${townshipB}&limit=200`;
    const page = await t.api<TaskPage>('GET', url, undefined, city);
    expect(page.status).toBe(200);
    const task = page.body.tasks.find((x) => x.caseId === caseB);
    expect(task).toMatchObject({
      kind: 'city-determination',
      stage: 'CITY_DETERMINATION',
      householdName: names.b,
      residentIdMasked: masked(ids.b),
    });
    expect(page.body.tasks.every((x) => x.townshipCode === townshipB)).toBe(true);
    expect(page.body.tasks.every((x) => x.stage === 'CITY_DETERMINATION')).toBe(true);
    // The village filter and a stage the case is not at leave it out.
    for (const q of [`villageCode=${villageA}`, 'stage=MONITORING', 'kind=assistance-plan']) {
      const other = await t.api<TaskPage>('GET', `/v1/tasks?${q}&limit=200`, undefined, city);
      expect(other.body.tasks.some((x) => x.caseId === caseB)).toBe(false);
    }
    // A department lists its measure: the household masked, without a name.
    const hr = await t.api<TaskPage>('GET', '/v1/tasks?limit=200', undefined, {
      role: 'lead-department',
      org: 'human-resources',
      divisionCode: '220681',
    });
    const measure = hr.body.tasks.find((x) => x.caseId === caseA);
    expect(measure).toMatchObject({ kind: 'assistance-measure', residentIdMasked: masked(ids.a) });
    expect(measure).not.toHaveProperty('householdName');
    expect(measure?.stage).toBe('MONITORING');
    // The township's objection review of case C, in its notice.
    const township = await t.api<TaskPage>(
      'GET',
      '/v1/tasks?limit=200',
      undefined,
      townshipOfficerA,
    );
    expect(township.body.tasks.find((x) => x.caseId === caseC)).toMatchObject({
      kind: 'objection-review',
      stage: 'PUBLIC_NOTICE',
      householdName: names.c,
    });
    for (const body of [page.body, hr.body, township.body]) expectNoNumbers(body);
    const bad = await t.api('GET', '/v1/tasks?stage=NOPE&colour=red', undefined, city);
    expect(bad.status).toBe(400);
  });

  it('gives the history of a walked case in order, with who acted, page by page', async () => {
    const whole = await t.api<CaseHistoryPage>(
      'GET',
      `/v1/cases/${caseA}/history?limit=500`,
      undefined,
      townshipOfficerA,
    );
    expect(whole.status).toBe(200);
    const entries = whole.body.entries;
    const kinds = entries.map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['alert', 'opened']);
    for (const kind of [...identificationSteps, 'assistance-plan']) {
      expect(kinds).toContain(kind);
    }
    expect(kinds.indexOf('village-verification')).toBeLessThan(kinds.indexOf('city-determination'));
    const at = entries.map((e) => e.at);
    expect([...at].sort()).toEqual(at);
    const verification = entries.find((e) => e.kind === 'village-verification');
    expect(verification).toMatchObject({
      byRole: 'village-cadre',
      outcome: 'nominate',
      stageAfter: 'DEMOCRATIC_APPRAISAL',
    });
    expect(verification).not.toHaveProperty('incomePerCapita');
    expect(entries.find((e) => e.kind === 'city-determination')).toMatchObject({
      byRole: 'city-bureau',
      outcome: 'include',
      householdClass: 'marginal',
      stageAfter: 'NATIONAL_ENTRY',
    });
    expect(entries.find((e) => e.kind === 'township-verification')?.riskTypes).toEqual(['ILLNESS']);
    expect(entries[0]).toMatchObject({ by: 'health', byRole: 'sector-bureau', triggers: [2, 3] });
    // Pages of 3 give the same entries.
    const paged = await allPages<CaseHistoryPage>(
      `/v1/cases/${caseA}/history?limit=3`,
      townshipOfficerA,
      (p) => p.entries,
    );
    expect(paged.found).toEqual(entries);
    expect(paged.pages).toBe(Math.ceil(entries.length / 3));
    expectNoNumbers(whole.body);
    // Outside the jurisdiction (a neighbouring village, another township): not found.
    for (const as of [
      { role: 'village-cadre', divisionCode: '220681100201' },
      { role: 'township-officer', divisionCode: townshipB },
    ] as AccountSpec[]) {
      for (const what of ['history', 'file']) {
        const answer = await t.api('GET', `/v1/cases/${caseA}/${what}`, undefined, as);
        expect([what, answer.status, answer.body.code]).toEqual([what, 404, 'CASE.NOT_FOUND']);
      }
    }
    const bad = await t.api('GET', `/v1/cases/${caseA}/history?after=bm9wZQ`, undefined, city);
    expect(bad.status).toBe(400);
  });

  it('shows the case file, with the evidence to the city bureau only', async () => {
    const file = await t.api<CaseFileView>('GET', `/v1/cases/${caseA}/file`, undefined, city);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({
      caseId: caseA,
      workflowId: caseA,
      headName: names.a,
      residentIdMasked: masked(ids.a),
      villageCode: villageA,
      village: '西大川村',
      status: 'included',
      stage: 'MONITORING',
      householdClass: 'marginal',
      riskTypes: ['ILLNESS'],
    });
    expect(file.body.measures).toEqual([
      expect.objectContaining({
        measureId: 'M-JOB',
        leadDepartment: 'human-resources',
        percent: 0,
      }),
    ]);
    expect(file.body.awaiting.map((a) => a.taskId)).toContain('measure-M-JOB');
    const verification = file.body.evidence?.find((e) => e.kind === 'village-verification');
    expect(verification?.form).toMatchObject({ outcome: 'nominate', incomePerCapita: 4200 });
    expect(file.body.evidence?.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['democratic-appraisal', 'public-notice', 'township-verification']),
    );
    const township = await t.api<CaseFileView>(
      'GET',
      `/v1/cases/${caseA}/file`,
      undefined,
      townshipOfficerA,
    );
    expect(township.body.evidence).toBeNull();
    for (const body of [file.body, township.body]) expectNoNumbers(body);
  });

  it('lists the register by jurisdiction and filter, page by page, and as a workbook', async () => {
    const mine = await allPages<RegisterPage>(
      '/v1/registers/households?limit=1',
      townshipOfficerA,
      (p) => p.households,
    );
    const rows = mine.found as RegisterPage['households'];
    expect(rows.every((r) => r.townshipCode === townshipA)).toBe(true);
    expect(rows.find((r) => r.caseId === caseA)).toMatchObject({
      headName: names.a,
      residentIdMasked: masked(ids.a),
      householdClass: 'marginal',
      riskTypes: ['ILLNESS'],
      stage: 'MONITORING',
      status: 'included',
    });
    expect(rows.find((r) => r.caseId === caseA)?.nextVisitAt).not.toBeNull();
    expect(new Set(rows.map((r) => r.caseId)).size).toBe(rows.length);
    // Neither B (not included) nor C (in its notice) is on it.
    expect(rows.some((r) => r.caseId === caseB || r.caseId === caseC)).toBe(false);
    const filtered = async (q: string, as: AccountSpec = city) =>
      (await t.api<RegisterPage>('GET', `/v1/registers/households?${q}`, undefined, as)).body
        .households;
    expect(
      (await filtered(`villageCode=${villageA}&riskType=ILLNESS`)).map((r) => r.caseId),
    ).toContain(caseA);
    expect(
      (await filtered(`villageCode=${villageA}&householdClass=sudden-hardship`)).some(
        (r) => r.caseId === caseA,
      ),
    ).toBe(false);
    expect(
      (await filtered(`villageCode=${villageA}&stage=ASSISTANCE_PLANNING`)).some(
        (r) => r.caseId === caseA,
      ),
    ).toBe(false);
    expect(
      await filtered('', { role: 'township-officer', divisionCode: townshipB }),
    ).not.toContainEqual(expect.objectContaining({ caseId: caseA }));
    const xlsx = await fetch(`${t.apiUrl}/v1/registers/households.xlsx?villageCode=${villageA}`, {
      headers: { authorization: `Bearer ${await t.token(city)}` },
    });
    expect(xlsx.status).toBe(200);
    // Read as a spreadsheet reads it: the caption, the header, and A's row with its ID masked.
    const sheet = sheetTexts(
      sheetNamed(await readWorkbook(Buffer.from(await xlsx.arrayBuffer())), '监测对象台账'),
    );
    expect(sheet[0]).toEqual(['防止返贫监测对象台账']);
    expect(sheet[1]?.[3]).toBe('身份证号（隐去）');
    expect(sheet.find((r) => r.at(-1) === caseA)?.slice(0, 8)).toEqual([
      villageA,
      townshipA,
      names.a,
      masked(ids.a),
      'marginal',
      'ILLNESS',
      'included',
      'MONITORING',
    ]);
    expect(sheet.slice(2).every((r) => r[0] === villageA)).toBe(true);
    expectNoNumbers(sheet);
    expectNoNumbers(rows);
  });

  it("lists a department's measures, without names for the department", async () => {
    const hr = { role: 'lead-department', org: 'human-resources', divisionCode: '220681' } as const;
    const own = await allPages<MeasurePage>('/v1/measures?limit=2', hr, (p) => p.measures);
    const measures = own.found as MeasurePage['measures'];
    expect(measures.every((m) => m.leadDepartment === 'human-resources')).toBe(true);
    const a = measures.find((m) => m.caseId === caseA);
    expect(a).toMatchObject({ measureId: 'M-JOB', residentIdMasked: masked(ids.a), percent: 0 });
    expect(a).not.toHaveProperty('headName');
    // Another department asking for it sees only its own.
    const education = await t.api<MeasurePage>(
      'GET',
      '/v1/measures?department=human-resources&limit=500',
      undefined,
      { role: 'lead-department', org: 'education', divisionCode: '220681' },
    );
    expect(education.body.measures.some((m) => m.caseId === caseA)).toBe(false);
    const staff = await t.api<MeasurePage>(
      'GET',
      '/v1/measures?department=human-resources&limit=500',
      undefined,
      townshipOfficerA,
    );
    expect(staff.body.measures.find((m) => m.caseId === caseA)?.headName).toBe(names.a);
    const overdue = await t.api<MeasurePage>('GET', '/v1/measures?overdue=true', undefined, city);
    expect(overdue.body.measures.some((m) => m.caseId === caseA)).toBe(false);
    expectNoNumbers(measures);
  });

  it("shows the village's notice board: names only, never a number", async () => {
    const notice = await t.api<VillageNotice>(
      'GET',
      `/v1/villages/${villageA}/public-notice?purpose=inclusion`,
      undefined,
      accountOf('village-committee'),
    );
    expect(notice.status).toBe(200);
    const c = notice.body.households.find((h) => h.caseId === caseC);
    expect(c).toMatchObject({ headName: names.c, proposal: 'inclusion', villageGroup: null });
    expect(Date.parse(c!.noticeEndsAt)).toBeGreaterThan(Date.parse(c!.noticeStartsAt));
    expect(notice.body.households.some((h) => h.caseId === caseA)).toBe(false);
    expect(notice.body.objectTo).toContain('西大川村');
    const elimination = await t.api<VillageNotice>(
      'GET',
      `/v1/villages/${villageA}/public-notice?purpose=elimination`,
      undefined,
      city,
    );
    expect(elimination.body.households.some((h) => h.caseId === caseC)).toBe(false);
    const announcement = await t.api<VillageAnnouncement>(
      'GET',
      `/v1/villages/${villageA}/announcement`,
      undefined,
      accountOf('village-cadre'),
    );
    expect(announcement.body.decisions.find((d) => d.caseId === caseA)).toMatchObject({
      headName: names.a,
      decision: 'included',
      householdClass: 'marginal',
    });
    for (const body of [notice.body, elimination.body, announcement.body]) {
      expectNoNumbers(body);
      expect(JSON.stringify(body)).not.toMatch(/\d{6}\*+\d{3}[\dX]/);
      expect(JSON.stringify(body)).not.toMatch(/ILLNESS|DISABILITY|residentId|phone/);
    }
    const outside = await t.api('GET', `/v1/villages/${villageA}/public-notice`, undefined, {
      role: 'village-cadre',
      divisionCode: '220681100201',
    });
    expect([outside.status, outside.body.code]).toEqual([404, 'DIVISION.UNKNOWN']);
    const malformed = await t.api('GET', '/v1/villages/22068110020x/announcement', undefined, city);
    expect(malformed.status).toBe(400);
  });

  it('gives supervisors the figures by township and stage, and the overdue cases', async () => {
    const dash = await t.api<DashboardView>('GET', '/v1/dashboard', undefined, {
      role: 'supervisor',
    });
    expect(dash.status).toBe(200);
    const cell = (township: string, stage: string) =>
      dash.body.casesByTownshipStage.find((c) => c.townshipCode === township && c.stage === stage);
    expect(cell(townshipA, 'MONITORING')?.open).toBeGreaterThanOrEqual(1);
    expect(cell(townshipB, 'CITY_DETERMINATION')?.open).toBeGreaterThanOrEqual(1);
    expect(cell(townshipA, 'PUBLIC_NOTICE')?.open).toBeGreaterThanOrEqual(1);
    expect(dash.body.casesByHouseholdClass).toContainEqual(
      expect.objectContaining({ householdClass: 'marginal' }),
    );
    expect(dash.body.casesByRiskType).toContainEqual(
      expect.objectContaining({ riskType: 'ILLNESS' }),
    );
    for (const c of dash.body.overdueCases) expect(c.workflowId).toBe(c.caseId);
    expectNoNumbers(dash.body);
    expect(JSON.stringify(dash.body)).not.toContain(names.a);
    const refused = await t.api('GET', '/v1/dashboard', undefined, townshipOfficerA);
    expect(refused.status).toBe(403);
  });
});
