import { randomUUID } from 'node:crypto';

import {
  SampleForms,
  type CaseSummary,
  type PolicyYearView,
  type WhatIfView,
} from '@fanpin/contracts';

import { replayAndRecord } from '../support/histories';
import { cadreOf, cityBureau, officerOf, type AccountSpec } from '../support/accounts';
import { policyEnv, suiteSystem } from '../support/harness';
import { allSecure, newResidentId, uniqueId } from '../support/records';

type YearView = Pick<PolicyYearView, 'version' | 'revision' | 'status' | 'incomeLine'>;

/**
 * The income line by year (年度监测标准) through the API: the city bureau publishes 2024's line;
 * screenings and follow-up visits judge figures against the line of the year they are for; a
 * running case keeps the lines it was opened with until the city bureau moves it; a what-if run
 * shows by township which households a draft line would add or release, and changes no case. The
 * suite runs on a database of its own, so that the what-if's households are exactly its own.
 */
describe('policy by year: published lines, judged figures, what-if', () => {
  const t = suiteSystem(
    'policy-years',
    {
      api: policyEnv({
        FOLLOW_UP_INTERVAL: '1s',
        FOLLOW_UP_VISIT_DEADLINE: '1m',
        STABLE_VISITS_FOR_ELIMINATION: '1',
      }),
    },
    { ownDatabase: true },
  );
  const villageT1 = '220681100200';
  const villageT2 = '220681001200';
  const cadreT1 = cadreOf(villageT1);
  const cadreT2 = cadreOf(villageT2);
  /** Opened before 2024's line is published: it keeps 2021's alone until moved. */
  let caseX: string;
  /** Households screened in township 1 (5000 and 8000 yuan) and township 2 (6800 yuan). */
  const screened: Record<'s1' | 's2' | 's3', string> = { s1: '', s2: '', s3: '' };

  const versions = (lines: { version: string }[] | undefined) =>
    (lines ?? []).map((l) => l.version);

  beforeAll(async () => {
    caseX = (await t.caseAt('CITY_DETERMINATION', { villageCode: villageT1 }, 120_000)).caseId;
  }, 240_000);

  const draft2024 = {
    incomeLine: 7000,
    validFrom: '2024-01-01',
    validUntil: '2024-12-31',
    noticeRef: '临政办发〔2024〕3号',
  };

  it('publishes 2024’s line from a draft, after which it never changes', async () => {
    const before = await t.api<{ inForce: { version: string }[] }>('GET', '/v1/policy/years');
    expect(versions(before.body.inForce)).toEqual(['2021-r1']);

    const first = await t.api<YearView>(
      'PUT',
      '/v1/policy/years/2024/draft',
      draft2024,
      cityBureau,
    );
    expect(first.status).toBe(200);
    // The draft is changed in place until it is published: one draft, one revision.
    const drafted = await t.api<YearView>(
      'PUT',
      '/v1/policy/years/2024/draft',
      { ...draft2024, incomeLine: 7000, rigidExpensesPercent: 90 },
      cityBureau,
    );
    expect(drafted.body).toMatchObject({ version: '2024-r1', status: 'draft', incomeLine: 7000 });

    const published = await t.api<YearView>(
      'POST',
      '/v1/policy/years/2024/publish',
      { revision: 1 },
      cityBureau,
    );
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: '2024-r1', status: 'published' });

    const after = await t.api<{ years: YearView[]; inForce: { version: string }[] }>(
      'GET',
      '/v1/policy/years',
      undefined,
      cadreT1,
    );
    expect(versions(after.body.inForce)).toEqual(['2021-r1', '2024-r1']);

    // Published is fixed: not again through the API, and not even by SQL.
    const again = await t.api('POST', '/v1/policy/years/2024/publish', { revision: 1 }, cityBureau);
    expect([again.status, again.body.code]).toEqual([409, 'POLICY.PUBLISHED']);
    await expect(
      t.db.query(`UPDATE policy_years SET income_line = 1 WHERE year = 2024 AND revision = 1`),
    ).rejects.toThrow(/never changed/);

    const audited = await t.db.query<{ kind: string; outcome: string; target: string }>(
      `SELECT kind, outcome, target FROM audit_log WHERE kind LIKE 'policy.%' ORDER BY id`,
    );
    expect(audited.rows).toEqual([
      { kind: 'policy.drafted', outcome: 'ok', target: 'policy-2024-r1' },
      { kind: 'policy.drafted', outcome: 'ok', target: 'policy-2024-r1' },
      { kind: 'policy.published', outcome: 'ok', target: 'policy-2024-r1' },
      { kind: 'policy.published', outcome: 'refused', target: 'policy-2024-r1' },
    ]);
  });

  it('refuses bad input with stable codes, changing nothing', async () => {
    const cases: [string, string, unknown, number, string][] = [
      [
        'PUT',
        '/v1/policy/years/2025/draft',
        { ...draft2024, validUntil: '2023-12-31' },
        400,
        'INPUT.INVALID',
      ],
      ['PUT', '/v1/policy/years/1999/draft', draft2024, 400, 'INPUT.INVALID'],
      ['PUT', '/v1/policy/years/2025/draft', { ...draft2024, incomeLine: 0 }, 400, 'INPUT.INVALID'],
      ['POST', '/v1/policy/years/2025/publish', { revision: 1 }, 404, 'POLICY.DRAFT_NOT_FOUND'],
      ['POST', '/v1/policy/what-if', { incomeLine: -1 }, 400, 'INPUT.INVALID'],
      ['POST', '/v1/policy/what-if', { incomeLine: 7000, extra: 1 }, 400, 'INPUT.INVALID'],
    ];
    for (const [method, url, body, status, code] of cases) {
      const answer = await t.api(method, url, body, cityBureau);
      expect({ url, status: answer.status, code: answer.body.code }).toEqual({ url, status, code });
    }
    // 2025's line valid from June 2024 would overlap 2024's: refused at publication.
    const overlapping = { ...draft2024, validFrom: '2024-06-01', validUntil: '2025-12-31' };
    const draft = await t.api<YearView>(
      'PUT',
      '/v1/policy/years/2025/draft',
      overlapping,
      cityBureau,
    );
    expect(draft.body).toMatchObject({ version: '2025-r1', status: 'draft' });
    const refused = await t.api(
      'POST',
      '/v1/policy/years/2025/publish',
      { revision: 1 },
      cityBureau,
    );
    expect([refused.status, refused.body.code]).toEqual([409, 'POLICY.VALIDITY_OVERLAP']);
    const lines = await t.api<{ inForce: { version: string }[] }>('GET', '/v1/policy/years');
    expect(versions(lines.body.inForce)).toEqual(['2021-r1', '2024-r1']);
    // Only the city bureau publishes.
    const township = officerOf('220681100');
    const denied = await t.api('POST', '/v1/policy/years/2025/publish', { revision: 1 }, township);
    expect(denied.status).toBe(403);
  });

  /** A cadre's screening that reports the household; its household key. */
  async function screening(
    village: string,
    cadre: AccountSpec,
    incomePerCapita: number,
    figuresYear: number,
    residentId = newResidentId(),
  ) {
    const answer = await t.api<{
      screening: { policyVersion: string; findings: { rule: string }[] };
      receipt: { caseId: string } | null;
    }>(
      'POST',
      '/v1/screenings',
      {
        screeningId: uniqueId('SCR'),
        villageCode: village,
        head: { name: '排查户主', residentId },
        figures: {
          householdSize: 3,
          figuresYear,
          incomePerCapita,
          lastYearIncomePerCapita: incomePerCapita,
          rigidExpenses: 0,
          assurances: allSecure,
          labourCapacity: 'full',
          liftedOutOfPoverty: false,
        },
        decision: 'report',
      },
      cadre,
    );
    expect(answer.status).toBe(202);
    return { ...answer.body, residentId };
  }

  const rules = (s: { findings: { rule: string }[] }) => s.findings.map((f) => f.rule);

  it('screens figures of 2024 against 2024’s line and figures of 2021 against 2021’s', async () => {
    // 6800 yuan a head: below 2024's 7000, above 2021's 6000.
    const of2024 = await screening(villageT2, cadreT2, 6800, 2024);
    expect(of2024.screening.policyVersion).toBe('2024-r1');
    expect(rules(of2024.screening)).toContain('INCOME_BELOW_LINE');
    const of2021 = await screening(villageT2, cadreT2, 6800, 2021, of2024.residentId);
    expect(of2021.screening.policyVersion).toBe('2021-r1');
    expect(rules(of2021.screening)).not.toContain('INCOME_BELOW_LINE');
    screened.s3 = of2024.receipt!.caseId.slice('case-'.length);

    const s1 = await screening(villageT1, cadreT1, 5000, 2024);
    const s2 = await screening(villageT1, cadreT1, 8000, 2024);
    screened.s1 = s1.receipt!.caseId.slice('case-'.length);
    screened.s2 = s2.receipt!.caseId.slice('case-'.length);
    // A case opened now keeps both published lines.
    const opened = await t.waitForCase(
      s1.receipt!.caseId,
      (s) => s.stage === 'VILLAGE_VERIFICATION',
    );
    expect(versions(opened.yearLines)).toEqual(['2021-r1', '2024-r1']);
  });

  const visitForm = (figuresYear: number, proposeElimination = false) => ({
    kind: 'follow-up-visit',
    visitedOn: '2026-11-30',
    figuresYear,
    householdSize: 3,
    incomePerCapita: 6500,
    rigidExpenses: 0,
    assurances: allSecure,
    labourCapacity: 'full',
    stability: 'stable',
    proposeElimination,
  });

  async function visit(n: number, body: object) {
    await t.waitForCase(caseX, (s) => s.openTask?.taskId === `follow-up-visit-${n}`);
    return t.api('POST', `/v1/cases/${caseX}/tasks/follow-up-visit-${n}`, body, cadreT1);
  }

  const judged = (s: CaseSummary) =>
    s.timeline.filter((e) => e.event === 'visit-judged').map((e) => `${e.taskId} ${e.code}`);

  it('keeps a running case on its lines until the city bureau moves it; visits judged by year', async () => {
    expect((await t.determine(caseX, { include: true, householdClass: 'marginal' })).status).toBe(
      200,
    );
    await t.waitForCase(caseX, (s) => s.openTask?.taskId === 'assistance-plan-1');
    const plan = await t.api(
      'POST',
      `/v1/cases/${caseX}/tasks/assistance-plan-1`,
      SampleForms.plan,
      cityBureau,
    );
    expect(plan.status).toBe(200);

    // Opened before 2024's line: figures of 2024 are judged against the last line it keeps (2021's).
    expect((await visit(1, visitForm(2024))).status).toBe(200);
    let summary = await t.waitForCase(caseX, (s) => judged(s).length === 1);
    expect(versions(summary.yearLines)).toEqual(['2021-r1']);
    expect(judged(summary)).toEqual(['follow-up-visit-1 2024:2021-r1']);

    const moved = await t.api<{ yearLines: { version: string }[] }>(
      'POST',
      `/v1/cases/${caseX}/policy`,
      { reasonCode: 'LINE_REVISED' },
      cityBureau,
    );
    expect(moved.status).toBe(200);
    expect(versions(moved.body.yearLines)).toEqual(['2021-r1', '2024-r1']);
    const twice = await t.api(
      'POST',
      `/v1/cases/${caseX}/policy`,
      { reasonCode: 'AGAIN' },
      cityBureau,
    );
    expect([twice.status, twice.body.code]).toEqual([409, 'POLICY.ALREADY_ADOPTED']);
    summary = await t.waitForCase(caseX, (s) => versions(s.yearLines).length === 2);
    expect(summary.timeline.some((e) => e.event === 'policy-adopted')).toBe(true);
    const decisions = await t.db.query<{ outcome: string; reason: string }>(
      `SELECT outcome, reason FROM audit_log WHERE kind = 'case.decision' AND target = $1
         AND (reason LIKE 'policy-%' OR reason LIKE 'POLICY.%') ORDER BY id`,
      [caseX],
    );
    expect(decisions.rows).toEqual([
      { outcome: 'ok', reason: 'policy-2021-r1,2024-r1' },
      { outcome: 'refused', reason: 'POLICY.ALREADY_ADOPTED' },
    ]);

    // Now 2024's line (7000) judges 2024's figures: 6500 a head is no elimination.
    const refused = await visit(2, visitForm(2024, true));
    expect([refused.status, refused.body.code]).toEqual([422, 'CASE.ELIMINATION_REFUSED']);
    expect((await visit(2, visitForm(2024))).status).toBe(200);
    // The same 6500 a head for 2021 is above 2021's line (6000): the proposal is taken.
    expect((await visit(3, visitForm(2021, true))).status).toBe(200);
    summary = await t.waitForCase(
      caseX,
      (s) => judged(s).length === 3 && s.stage === 'ELIMINATION_APPRAISAL',
    );
    expect(judged(summary)).toEqual([
      'follow-up-visit-1 2024:2021-r1',
      'follow-up-visit-2 2024:2024-r1',
      'follow-up-visit-3 2021:2021-r1',
    ]);
    expect(summary.stage).toBe('ELIMINATION_APPRAISAL');
    await replayAndRecord((await t.client()).workflow.getHandle(caseX), 'moved-onto-new-lines');
  });

  it('shows by township which households a draft line would add or release, changing no case', async () => {
    // One more monitored household, in township 2, at 9000 a head.
    const m2 = await t.storedHousehold(villageT2);
    await t.db.query(
      `INSERT INTO cases (run_id, case_id, household_key, county_code, township_code, village_code,
         channel, policy_version, status)
       VALUES ($1, $2, $3, '220681', '220681001', $4, 'bureau-alert', 'seeded', 'included')`,
      [randomUUID(), `case-${m2}`, m2, villageT2],
    );
    await t.db.query(
      `INSERT INTO household_figures (household_key, figures_year, income_per_capita_fen, source,
         source_ref) VALUES ($1, 2024, 900000, 'follow-up-visit', 'seeded')`,
      [m2],
    );
    const x = caseX.slice('case-'.length);
    const casesBefore = await t.db.query(`SELECT run_id, status, stage FROM cases ORDER BY run_id`);
    const whatIf = async (body: object) => {
      const answer = await t.api<WhatIfView>('POST', '/v1/policy/what-if', body, cityBureau);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const sorted = (...keys: string[]) => [...keys].sort();

    // Township 1: X (monitored, 6500), S1 (5000), S2 (8000); township 2: S3 (6800), M2 (monitored, 9000).
    expect(await whatIf({ incomeLine: 7000 })).toMatchObject({
      households: 5,
      added: 2,
      released: 1,
      townships: [
        {
          townshipCode: '220681001',
          households: 2,
          monitored: 1,
          added: 1,
          released: 1,
          addedHouseholds: [screened.s3],
          releasedHouseholds: [m2],
        },
        {
          townshipCode: '220681100',
          households: 3,
          monitored: 1,
          added: 1,
          released: 0,
          addedHouseholds: [screened.s1],
          releasedHouseholds: [],
        },
      ],
    });
    const at6000 = await whatIf({ incomeLine: 6000 });
    expect(
      at6000.townships.map((s) => [s.townshipCode, s.addedHouseholds, s.releasedHouseholds]),
    ).toEqual([
      ['220681001', [], [m2]],
      ['220681100', [screened.s1], [x]],
    ]);
    // With the marginal band nominating (up to 150%: 10,500 a head), S2 is added and none released.
    const banded = await whatIf({ incomeLine: 7000, marginalBandNominates: true, listLimit: 1 });
    expect(banded.townships.map((s) => [s.townshipCode, s.added, s.released])).toEqual([
      ['220681001', 1, 0],
      ['220681100', 2, 0],
    ]);
    // At most `listLimit` keys per list, the first by key; the counts stay whole.
    expect(banded.townships[1]!.addedHouseholds).toEqual(
      sorted(screened.s1, screened.s2).slice(0, 1),
    );

    expect(
      (await t.db.query(`SELECT run_id, status, stage FROM cases ORDER BY run_id`)).rows,
    ).toEqual(casesBefore.rows);
    const runs = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE kind = 'policy.what-if'`,
    );
    expect(runs.rows[0]).toEqual({ n: 3 });
  });
});
