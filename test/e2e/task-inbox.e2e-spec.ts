import { randomBytes } from 'node:crypto';

import { Test, type TestingModule } from '@nestjs/testing';

import {
  TaskRoles,
  type DivisionCodes,
  type Role,
  type TaskInboxEntry,
  type TaskKind,
} from '@fanpin/contracts';
import {
  PersistenceModule,
  PiiCipher,
  taskInboxUpsertParams,
  taskInboxUpsertSql,
} from '@fanpin/persistence';

import { VerificationActivitiesService } from '../../services/verification/src/verification.activities';
import { cadreOf, cityBureau, committeeOf, officerOf, type AccountSpec } from '../support/accounts';
import { suiteSystem } from '../support/harness';
import { uniqueId } from '../support/records';

interface TaskView {
  caseId: string;
  taskId: string;
  kind: TaskKind;
  role: Role;
  villageCode: string;
  townshipCode: string;
  dueAt: string | null;
  dueProvisional: boolean;
  escalatedTo: Role | null;
  status: string;
  openedAt: string;
}
interface TaskPage {
  tasks: TaskView[];
  next: string | null;
}
interface CaseRow {
  caseId: string;
  runId: string;
  divisions: DivisionCodes;
}

/**
 * The task inbox (待办) through `GET /v1/tasks`: each level lists the open tasks of its role, and the
 * overdue ones escalated to it, inside its jurisdiction, oldest due first. Rows are written with the
 * same upsert the verification service's `syncTask` runs. The workflows of these cases may add
 * tasks of their own: assertions look at this suite's tasks (ids `inbox-…`) and check the scope
 * rules on everything listed.
 */
describe('task inbox', () => {
  const t = suiteSystem('task-inbox');
  const hour = 3_600_000;
  const now = Date.now();
  const at = (hours: number) => new Date(now + hours * hour).toISOString();
  const prefix = uniqueId('inbox');
  const cases: Record<'a' | 'b' | 'c', CaseRow> = {} as never;

  async function openCase(villageCode: string): Promise<CaseRow> {
    const posted = await t.postAlert({ villageCode });
    expect(posted.status).toBe(202);
    const caseId = posted.body.caseId;
    // Intake stores the case a moment after the alert is taken.
    const [row] = await t.rowsWhen<{ run_id: string; county_code: string; township_code: string }>(
      "SELECT run_id, county_code, township_code FROM cases WHERE case_id = $1 AND status = 'open'",
      [caseId],
      (rows) => rows.length === 1,
    );
    if (!row) throw new Error(`case ${caseId} not stored`);
    return {
      caseId,
      runId: row.run_id,
      divisions: { countyCode: row.county_code, townshipCode: row.township_code, villageCode },
    };
  }

  function entry(
    c: CaseRow,
    name: string,
    kind: TaskKind,
    change: Partial<TaskInboxEntry> = {},
  ): TaskInboxEntry {
    return {
      caseId: c.caseId,
      runId: c.runId,
      taskId: `${prefix}-${name}`,
      kind,
      role: TaskRoles[kind].role,
      divisions: c.divisions,
      status: 'open',
      dueAt: null,
      escalatedTo: null,
      completedBy: null,
      ...change,
    };
  }

  async function sync(e: TaskInboxEntry): Promise<number> {
    return (await t.db.query(taskInboxUpsertSql, taskInboxUpsertParams(e))).rowCount ?? 0;
  }

  async function list(as: AccountSpec, query = ''): Promise<TaskPage> {
    const answer = await t.api<TaskPage>('GET', `/v1/tasks${query}`, undefined, as);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  /** This suite's task names, in the order listed. */
  const ours = (page: TaskPage) =>
    page.tasks
      .filter((x) => x.taskId.startsWith(prefix))
      .map((x) => x.taskId.slice(prefix.length + 1));

  /** Every page, following `next` with `limit` tasks a page. */
  async function allPages(as: AccountSpec, query: string, limit: number): Promise<TaskView[]> {
    const tasks: TaskView[] = [];
    let after: string | null = null;
    // Other suites share the run's database and open tasks meanwhile: a supervisor's list holds
    // theirs too, so the bound is generous.
    for (let pages = 0; pages < 5000; pages++) {
      const cursor: string = after === null ? '' : `&after=${after}`;
      const page = await list(as, `?limit=${limit}${query}${cursor}`);
      expect(page.tasks.length).toBeLessThanOrEqual(limit);
      tasks.push(...page.tasks);
      if (page.next === null) return tasks;
      after = page.next;
    }
    throw new Error('paging did not end');
  }

  const villageA = '220681100200';
  const villageB = '220681100201';
  const villageC = '220681001200';
  const cadreA = cadreOf(villageA);
  const cadreB = cadreOf(villageB);
  const committeeA = committeeOf(villageA);
  const townshipAB = officerOf('220681100');
  const townshipC = officerOf('220681001');
  const supervisor: AccountSpec = { role: 'supervisor' };

  beforeAll(async () => {
    [cases.a, cases.b, cases.c] = await Promise.all([
      openCase(villageA),
      openCase(villageB),
      openCase(villageC),
    ]);
    const { a, b, c } = cases;
    const township = 'township-officer' as const;
    const rows = [
      entry(a, 'a1', 'village-verification', { dueAt: at(-3), escalatedTo: township }),
      entry(a, 'a2', 'democratic-appraisal'),
      entry(a, 'a3', 'village-verification', { dueAt: at(-5), status: 'done', completedBy: 'x1' }),
      entry(b, 'b1', 'village-verification', { dueAt: at(2) }),
      entry(b, 'b2', 'township-verification', { dueAt: at(1) }),
      entry(b, 'b3', 'village-verification', { dueAt: at(-2), escalatedTo: township }),
      entry(c, 'c1', 'township-verification', { dueAt: at(3) }),
      entry(c, 'c2', 'village-verification', { dueAt: at(-1), escalatedTo: township }),
      entry(c, 'c3', 'city-determination', { dueAt: at(4) }),
      entry(c, 'c4', 'objection-review', { dueAt: at(-4), escalatedTo: 'city-bureau' }),
    ];
    for (const row of rows) expect(await sync(row)).toBe(1);
  });

  it('lists a village its own role’s open tasks, oldest due first', async () => {
    expect(ours(await list(cadreA))).toEqual(['a1']);
    expect(ours(await list(committeeA))).toEqual(['a2']);
    expect(ours(await list(cadreB))).toEqual(['b3', 'b1']);
    expect(ours(await list(cadreA, '?status=done'))).toEqual(['a3']);
  });

  it('lists a township its own tasks and the village tasks escalated to it', async () => {
    expect(ours(await list(townshipAB))).toEqual(['a1', 'b3', 'b2']);
    expect(ours(await list(townshipC))).toEqual(['c4', 'c2', 'c1']);
    expect(ours(await list(cityBureau))).toEqual(['c4', 'c3']);
  });

  it('lists nothing outside the jurisdiction, and everything to a supervisor', async () => {
    const outside: AccountSpec[] = [
      { role: 'village-cadre', divisionCode: '220681100202' },
      { role: 'village-committee', divisionCode: villageB },
      { role: 'township-officer', divisionCode: '220681002' },
    ];
    for (const as of outside) expect(ours(await list(as))).toEqual([]);
    // Every page: the run's other suites may have opened more tasks than one page holds.
    const all = { tasks: await allPages(supervisor, '', 500), next: null };
    expect(ours(all)).toEqual(['c4', 'a1', 'b3', 'c2', 'b2', 'b1', 'c1', 'c3', 'a2']);
  });

  it('never lists a task outside the account’s role, escalation or division', async () => {
    const scoped: [AccountSpec, string][] = [
      [cadreA, villageA],
      [committeeA, villageA],
      [townshipAB, '220681100'],
      [townshipC, '220681001'],
      [cityBureau, '220681'],
    ];
    for (const [as, code] of scoped) {
      for (const task of (await list(as, '?limit=500')).tasks) {
        expect(task.villageCode.startsWith(code)).toBe(true);
        expect([task.role, task.escalatedTo]).toContain(as.role);
        expect(task.status).toBe('open');
      }
    }
  });

  it('refuses roles without an inbox, and anonymous callers', async () => {
    const household = { role: 'household', householdKey: cases.a.caseId.slice('case-'.length) };
    expect((await t.api('GET', '/v1/tasks', undefined, household as AccountSpec)).status).toBe(403);
    expect((await t.api('GET', '/v1/tasks', undefined, { role: 'administrator' })).status).toBe(
      403,
    );
    expect((await t.api('GET', '/v1/tasks', undefined, 'anonymous')).status).toBe(401);
  });

  it('filters by kind and by overdue; a task names its household, its number masked', async () => {
    expect(ours(await list(townshipAB, '?kind=township-verification'))).toEqual(['b2']);
    expect(ours(await list(townshipAB, '?overdue=true'))).toEqual(['a1', 'b3']);
    const overdue = await list(supervisor, '?overdue=true&limit=500');
    for (const task of overdue.tasks) expect(Date.parse(task.dueAt!)).toBeLessThan(Date.now());
    const [a1] = (await list(cadreA)).tasks.filter((x) => x.taskId === `${prefix}-a1`);
    expect(a1).toEqual({
      caseId: cases.a.caseId,
      taskId: `${prefix}-a1`,
      kind: 'village-verification',
      role: 'village-cadre',
      villageCode: villageA,
      townshipCode: '220681100',
      dueAt: at(-3),
      dueProvisional: false,
      workingDaysLeft: 0,
      overdue: true,
      escalatedTo: 'township-officer',
      status: 'open',
      openedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      // The case's stage and its head as the cadre may see them: the name, the number masked.
      stage: expect.any(String),
      householdName: '测试户主',
      residentIdMasked: expect.stringMatching(/^\d{6}\*{8}[\dX]{4}$/),
    });
  });

  it('pages with a cursor: every task once, in order, tasks without a due date last', async () => {
    // Large pages for the reference: the run's other suites may have opened many tasks.
    const whole = await allPages(supervisor, '', 500);
    // This suite's tasks, which nothing else changes: each once, in the order of the whole list.
    const mine = (tasks: TaskView[]) =>
      tasks.filter((x) => x.taskId.startsWith(prefix)).map((x) => `${x.caseId}/${x.taskId}`);
    expect(mine(whole).length).toBeGreaterThan(3);
    for (const limit of [1, 2, 3]) {
      const paged = await allPages(supervisor, '', limit);
      expect(mine(paged)).toEqual(mine(whole));
      const keys = paged.map((x) => `${x.caseId}/${x.taskId}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const dues = whole.map((x) => (x.dueAt === null ? Infinity : Date.parse(x.dueAt)));
    expect(dues).toEqual([...dues].sort((p, q) => p - q));
    const township = await allPages(townshipAB, '', 1);
    expect(ours({ tasks: township, next: null })).toEqual(['a1', 'b3', 'b2']);
  });

  it('refuses malformed queries', async () => {
    for (const query of [
      '?limit=501',
      '?limit=0',
      '?status=deleted',
      '?kind=nap',
      '?overdue=yes',
      '?after=not*a*cursor',
      `?after=${Buffer.from('[null,"x","y"]').toString('base64url')}`,
      '?sort=role',
    ]) {
      const answer = await t.api('GET', `/v1/tasks${query}`, undefined, supervisor);
      expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'INPUT.INVALID']);
    }
  });

  it('keeps a later state against an earlier one, and repeats change nothing', async () => {
    const { a } = cases;
    const state = async (name: string): Promise<Record<string, unknown> | undefined> =>
      (
        await t.db.query<Record<string, unknown>>(
          'SELECT status, escalated_to, completed_by, updated_at FROM tasks WHERE run_id = $1 AND task_id = $2',
          [a.runId, `${prefix}-${name}`],
        )
      ).rows[0];
    // A late 'open' does not reopen a done task.
    const done = await state('a3');
    expect(await sync(entry(a, 'a3', 'village-verification', { dueAt: at(-5) }))).toBe(0);
    expect(await state('a3')).toEqual(done);
    // A late 'open' without escalation does not clear it.
    const escalated = await state('a1');
    expect(await sync(entry(a, 'a1', 'village-verification', { dueAt: at(-3) }))).toBe(0);
    expect(await state('a1')).toEqual(escalated);
    // The same state again: no write at all.
    const same = entry(a, 'a1', 'village-verification', {
      dueAt: at(-3),
      escalatedTo: 'township-officer',
    });
    expect(await sync(same)).toBe(0);
    // Closing, then a retried close and a cancel: the first close stands.
    expect(await sync({ ...same, status: 'done', completedBy: 'cadre-1' })).toBe(1);
    expect(await sync({ ...same, status: 'done', completedBy: 'cadre-1' })).toBe(0);
    expect(await sync({ ...same, status: 'cancelled' })).toBe(0);
    expect(await state('a1')).toMatchObject({ status: 'done', completed_by: 'cadre-1' });
    expect(ours(await list(cadreA))).toEqual([]);
    expect(ours(await list(townshipAB))).toEqual(['b3', 'b2']);
  });

  describe('the verification activities against PostgreSQL', () => {
    let nest: TestingModule;
    let activities: VerificationActivitiesService;

    beforeAll(async () => {
      // The service as its worker gets it: its repositories by injection, over a pool of two.
      nest = await Test.createTestingModule({
        imports: [PersistenceModule.forRoot(process.env.FANPIN_TEST_DATABASE_URL as string, 2)],
        providers: [
          VerificationActivitiesService,
          { provide: PiiCipher, useValue: new PiiCipher(randomBytes(32).toString('base64url')) },
        ],
      }).compile();
      activities = nest.get(VerificationActivitiesService);
    });

    afterAll(async () => {
      await nest?.close();
    });

    it('syncTask writes the inbox row once', async () => {
      const row = entry(cases.b, 'b4', 'village-verification', { dueAt: at(5) });
      await activities.syncTask(row);
      await activities.syncTask(row);
      await activities.syncTask({ ...row, status: 'cancelled' });
      await activities.syncTask(row);
      expect(
        await t.count('SELECT 1 FROM tasks WHERE run_id = $1 AND task_id = $2 AND status = $3', [
          row.runId,
          row.taskId,
          'cancelled',
        ]),
      ).toBe(1);
    });

    /** A democratic appraisal's step in case `d`'s history. */
    const appraisalStep = (d: CaseRow, name: string, actor: string, detail: object) => ({
      caseId: d.caseId,
      runId: d.runId,
      stepId: `${prefix}-${name}`,
      kind: 'democratic-appraisal' as const,
      actor,
      detail: { ...detail },
    });

    it('recordStep appends once per step and closes the case when asked', async () => {
      const d = await openCase(villageA);
      const step = appraisalStep(d, 'appraisal', 'committee-1', {
        outcome: 'rejected',
        reasonCode: 'INCOME_ABOVE_LINE',
      });
      await activities.recordStep(step);
      await activities.recordStep(step);
      const events = 'SELECT 1 FROM case_events WHERE run_id = $1 AND step_id = $2';
      expect(await t.count(events, [d.runId, step.stepId])).toBe(1);
      const closed = "SELECT 1 FROM cases WHERE run_id = $1 AND status = 'excluded'";
      expect(await t.count(closed, [d.runId])).toBe(0);
      const closing = { ...step, stepId: `${prefix}-close`, closeAs: 'excluded' as const };
      await activities.recordStep(closing);
      await activities.recordStep(closing);
      expect(await t.count(events, [d.runId, closing.stepId])).toBe(1);
      expect(await t.count(`${closed} AND decided_at IS NOT NULL`, [d.runId])).toBe(1);
    });

    it("closes the city's determination like any task: the step moves the case row, once", async () => {
      const d = await openCase(villageA);
      const row = async () =>
        (
          await t.db.query<Record<string, unknown>>(
            'SELECT status, household_class, decided_at FROM cases WHERE run_id = $1',
            [d.runId],
          )
        ).rows[0];
      const step = {
        caseId: d.caseId,
        runId: d.runId,
        stepId: `${prefix}-determination`,
        kind: 'city-determination' as const,
        actor: 'city-1',
        detail: { kind: 'city-determination', include: true, householdClass: 'marginal' },
        closeAs: 'included' as const,
        householdClass: 'marginal' as const,
      };
      const done = entry(d, 'determination', 'city-determination', {
        status: 'done',
        completedBy: 'city-1',
      });
      await activities.closeTask({ step, entry: done });
      const included = await row();
      expect(included).toMatchObject({ status: 'included', household_class: 'marginal' });
      expect(included?.decided_at).toBeInstanceOf(Date);
      // Retried, or retried with another class: the first close stands.
      await activities.closeTask({ step, entry: done });
      await activities.closeTask({
        step: { ...step, householdClass: 'sudden-hardship' },
        entry: done,
      });
      expect(await row()).toEqual(included);
      expect(
        await t.count('SELECT 1 FROM case_events WHERE run_id = $1 AND step_id = $2', [
          d.runId,
          step.stepId,
        ]),
      ).toBe(1);
      expect(
        await t.count(
          "SELECT 1 FROM tasks WHERE run_id = $1 AND task_id = $2 AND status = 'done' AND completed_by = 'city-1'",
          [d.runId, done.taskId],
        ),
      ).toBe(1);
    });

    it("writes a decision's audit entry with its step, once, retried or not", async () => {
      const d = await openCase(villageA);
      const audit = {
        at: '2026-12-01T02:03:04.005Z',
        method: 'POST',
        route: '/v1/cases/:caseId/tasks/:taskId',
        correlationId: `${prefix}-corr`,
        actorRole: 'village-committee' as const,
      };
      const step = {
        ...appraisalStep(d, 'audited', 'committee-2', { outcome: 'approved' }),
        audit,
      };
      const done = entry(d, 'audited', 'democratic-appraisal', { status: 'done' });
      await activities.recordStep(step);
      await activities.recordStep(step);
      await activities.closeTask({ step, entry: done });
      const rows = await t.db.query<Record<string, unknown>>(
        `SELECT at, outcome, actor_id, actor_role, method, route, target, reason FROM audit_log
         WHERE correlation_id = $1`,
        [audit.correlationId],
      );
      expect(rows.rows).toEqual([
        {
          at: new Date(audit.at),
          outcome: 'ok',
          actor_id: 'committee-2',
          actor_role: 'village-committee',
          method: 'POST',
          route: audit.route,
          target: d.caseId,
          reason: step.stepId,
        },
      ]);
      const closed = {
        ...step,
        stepId: `${prefix}-audited-2`,
        audit: { ...audit, correlationId: `${prefix}-corr2` },
      };
      const closedEntry = entry(d, 'audited-2', 'democratic-appraisal', { status: 'done' });
      await activities.closeTask({ step: closed, entry: closedEntry });
      await activities.closeTask({ step: closed, entry: closedEntry });
      expect(
        await t.count('SELECT 1 FROM audit_log WHERE correlation_id = $1', [`${prefix}-corr2`]),
      ).toBe(1);
    });
  });
});
