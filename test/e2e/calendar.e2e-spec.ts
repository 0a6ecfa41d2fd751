import {
  CaseSearchAttributes,
  DefaultCasePolicy,
  summaryQuery,
  type CasePolicy,
  type CaseSummary,
} from '@fanpin/contracts';
import {
  WorkingDayCalendar,
  calendarCoverage,
  missingArrangementWarning,
  packagedArrangement,
  packagedCalendar,
} from '@fanpin/platform';

import { TestSystem, uniqueId, waitForVisibility } from '../support/harness';
import { replayAndRecord } from '../support/histories';

/** The first year with no official arrangement: the package's last year, plus one (or this one). */
const unarranged = Math.max(calendarCoverage.lastYear + 1, new Date().getUTCFullYear());
/** The first Monday of that year: the fixture's arrangement makes it a holiday. */
const monday = [1, 2, 3, 4, 5, 6, 7]
  .map((d) => `${unarranged}-01-0${d}`)
  .find((date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1)!;
/** The fixture: the year moves one day off, as a notice that is not known yet might. */
const arrangement = { holidays: [monday], workdays: [], noticeRef: '测试通知〔示例〕1号' };
const arranged = new WorkingDayCalendar([{ year: unarranged, holidays: [monday], workdays: [] }]);

/** When the alert was received: 1 December before that year, or just now if that is still ahead. */
const receivedAt = new Date(
  Math.min(Date.UTC(unarranged - 1, 11, 1, 2), Date.now() - 3_600_000),
).toISOString();
/** Working days from then to past mid-January of that year: a deadline that reaches into it. */
const workingDays = (() => {
  const into = Date.UTC(unarranged, 0, 15);
  let n = 1;
  while (packagedCalendar.addWorkingDays(new Date(receivedAt), n).at.getTime() < into) n++;
  return n;
})();

/**
 * The official calendar past the packaged years (放假调休 as data): a deadline reaching into a year
 * without arrangement is provisional (task, inbox, search attributes); entering the year's
 * arrangement recounts every open provisional task, and its case follows.
 */
describe('deadlines past the packaged calendar', () => {
  let t: TestSystem;
  const city = { role: 'city-bureau' as const, divisionCode: '220681' };
  const cadre = { role: 'village-cadre' as const, divisionCode: '220681001200' };

  beforeAll(async () => {
    t = await TestSystem.start('calendar');
  });

  afterAll(async () => {
    await t?.stop();
  });

  /** A case started straight on Temporal (as the API would), received at `receivedAt`. */
  async function startCase(receivedAt: string, workingDays: number): Promise<string> {
    const policy: CasePolicy = {
      ...DefaultCasePolicy,
      deadlines: { identification: { workingDays } },
      steps: { ...DefaultCasePolicy.steps, villageVerification: { workingDays } },
    };
    const householdKey = await t.storedHousehold();
    const handle = await t.startCaseOnTemporal(householdKey, policy, uniqueId('CAL'), receivedAt);
    await summaryOf(handle.workflowId, (s) => s.openTask?.taskId === 'village-verification-1');
    return handle.workflowId;
  }

  /** The case's summary from the workflow itself, once `predicate` holds. */
  async function summaryOf(
    caseId: string,
    predicate: (s: CaseSummary) => boolean,
    timeoutMs = 30_000,
  ): Promise<CaseSummary> {
    const handle = (await t.client()).workflow.getHandle(caseId);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const summary = await handle.query(summaryQuery);
      if (predicate(summary)) return summary;
      if (Date.now() > deadline) throw new Error(`${caseId}: ${JSON.stringify(summary.openTask)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const task = async (caseId: string) =>
    (
      await t.db.query<{ due_at: Date; due_provisional: boolean }>(
        `SELECT due_at, due_provisional FROM tasks WHERE case_id = $1 AND task_id = 'village-verification-1'`,
        [caseId],
      )
    ).rows[0];

  it('counts a deadline into a year without arrangement on weekdays, marked provisional everywhere', async () => {
    const caseId = await startCase(receivedAt, workingDays);
    const provisional = packagedCalendar.addWorkingDays(new Date(receivedAt), workingDays);
    expect(provisional.provisional).toBe(true);

    const summary = await summaryOf(caseId, (s) => s.openTask !== null);
    expect(summary.openTask).toMatchObject({
      dueAt: provisional.at.toISOString(),
      dueProvisional: true,
    });
    expect(await task(caseId)).toEqual({ due_at: provisional.at, due_provisional: true });
    const inbox = await t.inbox(cadre);
    expect(inbox.find((row) => row.caseId === caseId)?.dueProvisional).toBe(true);
    await waitForVisibility(
      await t.client(),
      `WorkflowId = '${caseId}' AND ${CaseSearchAttributes.deadlineProvisional.name} = true`,
      1,
    );
  });

  it('refuses an arrangement that contradicts the packaged calendar, or is not of its year', async () => {
    const year = calendarCoverage.lastYear;
    // A working Tuesday of a packaged year made a holiday: the package says otherwise.
    const tuesday = [...Array(7).keys()]
      .map((d) => `${year}-03-0${d + 1}`)
      .find((date) => packagedCalendar.day(date).working && new Date(date).getUTCDay() === 2)!;
    const packaged = packagedArrangement(year)!;
    const contradicting = await t.api(
      'PUT',
      `/v1/calendar/years/${year}`,
      { holidays: [...packaged.holidays, tuesday], workdays: packaged.workdays, noticeRef: 'x' },
      city,
    );
    expect(contradicting.status).toBe(409);
    expect(contradicting.body).toMatchObject({ code: 'CALENDAR.CONTRADICTS_PACKAGE' });
    expect(contradicting.body.message).toBe(
      `the packaged official calendar of ${year} says otherwise on 1 date(s): ${tuesday}`,
    );

    const otherYear = await t.api(
      'PUT',
      `/v1/calendar/years/${unarranged}`,
      { ...arrangement, holidays: [`${unarranged + 1}-01-01`] },
      city,
    );
    expect(otherYear.status).toBe(400);
    const both = await t.api(
      'PUT',
      `/v1/calendar/years/${unarranged}`,
      { ...arrangement, workdays: [monday] },
      city,
    );
    expect(both).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    const byCadre = await t.api('PUT', `/v1/calendar/years/${unarranged}`, arrangement, cadre);
    expect(byCadre.status).toBe(403);
    // Nothing of these was stored (other suites may enter years far ahead).
    expect(await t.count('SELECT 1 FROM calendar_years WHERE year <= $1', [unarranged])).toBe(0);
  });

  it('recounts every open provisional task when the arrangement is entered; known years stay', async () => {
    const open = await startCase(receivedAt, workingDays);
    // A deadline inside a packaged year: official from the start, untouched by the recount.
    const known = await startCase(`${calendarCoverage.lastYear}-06-01T02:00:00.000Z`, 2);
    const knownBefore = await task(known);
    expect(knownBefore?.due_provisional).toBe(false);

    const before = await t.api<{ warning: string | null }>(
      'GET',
      '/v1/calendar/years',
      undefined,
      cadre,
    );
    const warning = missingArrangementWarning(new Date(), packagedCalendar);
    expect(before.body.warning).toBe(warning);
    // The API's readiness detail carries it too, without making the API unready.
    const ready = await t.http<{ status: string; warnings?: Record<string, string> }>(
      'api',
      'GET',
      '/health/ready',
    );
    expect(ready).toEqual({
      status: 200,
      body: expect.objectContaining({
        status: 'ok',
        ...(warning ? { warnings: { calendar: warning } } : {}),
      }),
    });

    const entered = await t.api<{ revision: number; recountJob: string }>(
      'PUT',
      `/v1/calendar/years/${unarranged}`,
      arrangement,
      city,
    );
    expect(entered.status).toBe(200);
    expect(entered.body).toMatchObject({ year: unarranged, revision: 1, holidays: [monday] });

    const official = arranged.addWorkingDays(new Date(receivedAt), workingDays);
    expect(official.provisional).toBe(false);
    const provisional = packagedCalendar.addWorkingDays(new Date(receivedAt), workingDays);
    // The holiday is a working day the deadline counted: it moves one working day later.
    expect(official.at.getTime()).toBeGreaterThan(provisional.at.getTime());

    const recounted: CaseSummary = await summaryOf(
      open,
      (s) => s.openTask?.dueAt === official.at.toISOString(),
      60_000,
    );
    expect(recounted.openTask?.dueProvisional).toBeUndefined();
    expect(recounted.stageDeadline).toBe(official.at.toISOString());
    expect(recounted.timeline.map((e) => e.event)).toContain('deadline-recounted');
    expect(await task(open)).toEqual({ due_at: official.at, due_provisional: false });
    await waitForVisibility(
      await t.client(),
      `WorkflowId = '${open}' AND ${CaseSearchAttributes.deadlineProvisional.name} = false AND ${CaseSearchAttributes.stageDeadline.name} = '${official.at.toISOString()}'`,
      1,
    );
    // The case in the known year was neither changed nor told.
    expect(await task(known)).toEqual(knownBefore);
    const history = await (await t.client()).workflow.getHandle(known).fetchHistory();
    const signals = (history.events ?? []).map(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName,
    );
    expect(signals).not.toContain('deadlinesRecounted');
    const recount = (await t.client()).workflow.getHandle(entered.body.recountJob);
    await recount.result();
    await replayAndRecord(recount, 'deadline-recount');

    // The entry is audited, and the year listed with its notice.
    expect(
      await t.count(
        `SELECT 1 FROM audit_log WHERE kind = 'calendar.entered' AND outcome = 'ok' AND target = $1`,
        [`calendar-${unarranged}`],
      ),
    ).toBe(1);
    const listed = await t.api<{ years: { year: number; noticeRef: string }[] }>(
      'GET',
      '/v1/calendar/years',
      undefined,
      cadre,
    );
    expect(listed.body.years.filter((y) => y.year === unarranged)).toEqual([
      expect.objectContaining({ year: unarranged, noticeRef: arrangement.noticeRef }),
    ]);
  });
});
