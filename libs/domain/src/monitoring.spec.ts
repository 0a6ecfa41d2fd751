import { ErrorCodes, SampleForms, type Actor, type TaskCompletion } from '@fanpin/contracts';

import { allSecure as secure } from './screening/screening.test-fixtures';
import {
  checkRollback,
  checkTaskCompletion,
  contributionTask,
  contributionTaskId,
  eliminationProblem,
  type TaskContext,
} from './tasks';

const divisions = { countyCode: '220681', townshipCode: '220681100', villageCode: '220681100201' };
const householdKey = 'hh0123456789abcdef0123456789abcdef';

const actor = (role: Actor['role'], divisionCode: string, org: Actor['org'] = null): Actor => ({
  id: `${role}-1`,
  role,
  divisionCode,
  org,
  householdKey: null,
});
const cadre = actor('village-cadre', '220681100201');
const city = actor('city-bureau', '220681');
const hr = actor('lead-department', '220681', 'human-resources');
const civil = actor('lead-department', '220681', 'civil-affairs');

const context: TaskContext = {
  householdKey,
  divisions,
  stage: 'MONITORING',
  incomeLine: 6000,
  rigidExpensesPercent: 100,
  // The visit before this one met the rules: with it, the two in a row the policy asks for.
  stableVisits: 1,
  stableVisitsForElimination: 2,
  completedTaskIds: ['measure-M-OLD'],
  withdrawnTaskIds: ['measure-M-CANCELLED'],
  openTasks: [
    { taskId: 'assistance-plan-1', kind: 'assistance-plan' },
    {
      taskId: 'measure-M-JOB',
      kind: 'assistance-measure',
      department: 'human-resources',
      progress: 40,
    },
    {
      taskId: 'measure-M-POST',
      kind: 'assistance-measure',
      department: 'human-resources',
      measureCode: 'PUBLIC_WELFARE_JOB',
      progress: 0,
    },
    {
      taskId: contributionTaskId('M-POST', 'rural-revitalisation'),
      kind: 'measure-contribution',
      ...contributionTask('M-POST', 'rural-revitalisation'),
    },
    {
      taskId: contributionTaskId('M-POST', 'townships'),
      kind: 'measure-contribution',
      ...contributionTask('M-POST', 'townships'),
    },
    { taskId: 'follow-up-visit-1', kind: 'follow-up-visit' },
  ],
};

/** The monitoring rules of the policy: the 2021 line, rigid expenses up to the income. */
const policy = { incomeLine: 6000, rigidExpensesPercent: 100 };

const visit = {
  kind: 'follow-up-visit' as const,
  visitedOn: '2026-11-30',
  householdSize: 3,
  incomePerCapita: 9800,
  rigidExpenses: 4000,
  assurances: secure,
  labourCapacity: 'full' as const,
  stability: 'stable' as const,
  proposeElimination: true,
};
const measure = {
  measureId: 'M-NEW',
  kind: 'employment',
  measureCode: 'PUBLIC_WELFARE_JOB',
  leadDepartment: 'human-resources',
  responsibleDepartments: ['rural-revitalisation'],
  dueOn: '2027-03-31',
};

const check = (taskId: string, body: unknown, by: Actor = cadre) =>
  checkTaskCompletion(context, { taskId, actor: by, body } as TaskCompletion);
const codeOf = (taskId: string, body: unknown, by?: Actor) => check(taskId, body, by)?.code;

describe('risk elimination (plan §4.4)', () => {
  it('lets a stable household above the line with every assurance secure be proposed', () => {
    expect(eliminationProblem(visit, policy)).toBeNull();
    expect(check('follow-up-visit-1', visit)).toBeNull();
  });

  it('never proposes a household without labour capacity, whatever its figures', () => {
    const problem = eliminationProblem({ ...visit, labourCapacity: 'none' }, policy);
    expect(problem).toMatchObject({ code: ErrorCodes.eliminationRefused });
    expect(problem?.message).toContain('labour capacity');
    expect(codeOf('follow-up-visit-1', { ...visit, labourCapacity: 'none' })).toBe(
      ErrorCodes.eliminationRefused,
    );
    // The same visit without a proposal is recorded: tracking continues.
    expect(
      check('follow-up-visit-1', { ...visit, labourCapacity: 'none', proposeElimination: false }),
    ).toBeNull();
  });

  it('keeps a weakly stable or at-risk household in assistance', () => {
    for (const stability of ['weakly-stable', 'at-risk'] as const) {
      expect(eliminationProblem({ ...visit, stability }, policy)?.message).toContain(
        'weakly stable',
      );
    }
  });

  it('takes a proposal only after as many visits in a row meeting the rules as the policy asks', () => {
    const after = (stableVisits: number, stableVisitsForElimination: number) =>
      checkTaskCompletion(
        { ...context, stableVisits, stableVisitsForElimination },
        {
          taskId: 'follow-up-visit-1',
          actor: cadre,
          body: visit,
        },
      );
    expect(after(0, 2)).toMatchObject({
      code: ErrorCodes.eliminationRefused,
      message: expect.stringContaining('2 visits in a row'),
    });
    expect(after(1, 2)).toBeNull();
    expect(after(2, 3)).toBeNull();
    expect(after(1, 3)?.code).toBe(ErrorCodes.eliminationRefused);
    // One visit suffices where the policy says so; the visit's own figures still count first.
    expect(after(0, 1)).toBeNull();
    expect(
      checkTaskCompletion(
        { ...context, stableVisits: 5 },
        {
          taskId: 'follow-up-visit-1',
          actor: cadre,
          body: { ...visit, stability: 'weakly-stable' },
        },
      )?.message,
    ).toContain('weakly stable');
  });

  it('needs rigid expenses no higher than the household’s income: income per person × members', () => {
    // 9800 × 3 = 29,400 yuan a year: expenses up to that keep the proposal, a fen more refuses it.
    expect(eliminationProblem({ ...visit, rigidExpenses: 29_400 }, policy)).toBeNull();
    const above = eliminationProblem({ ...visit, rigidExpenses: 29_400.01 }, policy);
    expect(above).toMatchObject({ code: ErrorCodes.eliminationRefused });
    expect(above?.message).toContain('rigid expenses');
    // The same expenses in a household of four are within its income.
    expect(
      eliminationProblem({ ...visit, rigidExpenses: 30_000, householdSize: 4 }, policy),
    ).toBeNull();
    // A policy that allows expenses of half the income only.
    const strict = { ...policy, rigidExpensesPercent: 50 };
    expect(eliminationProblem({ ...visit, rigidExpenses: 14_700 }, strict)).toBeNull();
    expect(eliminationProblem({ ...visit, rigidExpenses: 14_701 }, strict)?.code).toBe(
      ErrorCodes.eliminationRefused,
    );
  });

  it('asks a plan for a household without labour capacity to bring social security when it has none', () => {
    const review = { ...context, safetyNetRequired: true };
    const job = { kind: 'assistance-plan', measures: [measure], announcedOn: '2026-12-07' };
    const refused = checkTaskCompletion(review, {
      taskId: 'assistance-plan-1',
      actor: city,
      body: job,
    } as TaskCompletion);
    expect(refused).toMatchObject({ code: ErrorCodes.decisionInvalid });
    expect(refused?.message).toContain('safety-net');
    const allowance = {
      ...measure,
      measureId: 'M-DIBAO',
      kind: 'safety-net',
      measureCode: 'MINIMUM_LIVING_ALLOWANCE',
      leadDepartment: 'civil-affairs',
      responsibleDepartments: [],
    };
    const withAllowance = { ...job, measures: [measure, allowance] };
    expect(
      checkTaskCompletion(review, {
        taskId: 'assistance-plan-1',
        actor: city,
        body: withAllowance,
      } as TaskCompletion),
    ).toBeNull();
    // Without the need, a plan of any kinds is taken.
    expect(
      checkTaskCompletion(context, {
        taskId: 'assistance-plan-1',
        actor: city,
        body: job,
      } as TaskCompletion),
    ).toBeNull();
  });

  it('needs income strictly above the line, and every assurance and water secure', () => {
    expect(eliminationProblem({ ...visit, incomePerCapita: 6000 }, policy)?.code).toBe(
      ErrorCodes.eliminationRefused,
    );
    expect(eliminationProblem({ ...visit, incomePerCapita: 6001 }, policy)).toBeNull();
    for (const name of Object.keys(secure)) {
      const assurances = { ...secure, [name]: false };
      expect(eliminationProblem({ ...visit, assurances }, policy)?.code).toBe(
        ErrorCodes.eliminationRefused,
      );
    }
  });
});

describe('the assistance plan and its measures (plan §5)', () => {
  const plan = (measures: unknown[]) => ({
    kind: 'assistance-plan',
    measures,
    announcedOn: '2026-11-30',
  });

  it('lets a revision end open measures only, each once', () => {
    const revision = (endMeasures: unknown[]) => ({ ...plan([measure]), endMeasures });
    const ending = (measureId: string) => ({ measureId, reasonCode: 'NO_LONGER_NEEDED' });
    expect(check('assistance-plan-1', revision([ending('M-JOB')]), city)).toBeNull();
    expect(check('assistance-plan-1', revision([ending('M-OLD')]), city)?.message).toBe(
      'endMeasures names a measure that is not open',
    );
    expect(codeOf('assistance-plan-1', revision([ending('M-JOB'), ending('M-JOB')]), city)).toBe(
      ErrorCodes.inputInvalid,
    );
  });

  it('takes a plan of measures of the five kinds from the city bureau only', () => {
    expect(check('assistance-plan-1', plan([measure]), city)).toBeNull();
    expect(codeOf('assistance-plan-1', plan([measure]), cadre)).toBe(ErrorCodes.accessDenied);
    expect(codeOf('assistance-plan-1', plan([{ ...measure, kind: 'charity' }]), city)).toBe(
      ErrorCodes.inputInvalid,
    );
  });

  it('refuses empty plans, repeated measure ids, ids already used, unknown departments', () => {
    const refused = (measures: unknown[]) => codeOf('assistance-plan-1', plan(measures), city);
    // The form's own rules refuse as the API does; ids in use are the case's to know.
    expect(refused([])).toBe(ErrorCodes.inputInvalid);
    expect(refused([measure, measure])).toBe(ErrorCodes.inputInvalid);
    expect(refused([{ ...measure, measureId: 'M-JOB' }])).toBe(ErrorCodes.decisionInvalid);
    expect(refused([{ ...measure, measureId: 'M-OLD' }])).toBe(ErrorCodes.decisionInvalid);
    // A measure withdrawn at an elimination keeps its record: its id is not free again.
    expect(refused([{ ...measure, measureId: 'M-CANCELLED' }])).toBe(ErrorCodes.decisionInvalid);
    expect(refused([{ ...measure, leadDepartment: 'tax' }])).toBe(ErrorCodes.inputInvalid);
    expect(refused([{ ...measure, responsibleDepartments: ['human-resources'] }])).toBe(
      ErrorCodes.inputInvalid,
    );
    expect(refused([{ ...measure, dueOn: '2027-02-30' }])).toBe(ErrorCodes.inputInvalid);
    expect(
      refused(Array.from({ length: 21 }, (_, i) => ({ ...measure, measureId: `M-${i}` }))),
    ).toBe(ErrorCodes.inputInvalid);
  });

  it('takes progress on a measure from its lead department only, never going back', () => {
    const progress = { ...SampleForms.measureDone, status: 'in-progress', percent: 60 };
    expect(check('measure-M-JOB', progress, hr)).toBeNull();
    expect(codeOf('measure-M-JOB', progress, civil)).toBe(ErrorCodes.accessDenied);
    expect(codeOf('measure-M-JOB', progress, city)).toBe(ErrorCodes.accessDenied);
    expect(codeOf('measure-M-JOB', { ...progress, percent: 30 }, hr)).toBe(
      ErrorCodes.decisionInvalid,
    );
    expect(codeOf('measure-M-JOB', { ...progress, percent: 100 }, hr)).toBe(
      ErrorCodes.inputInvalid,
    );
    expect(check('measure-M-JOB', { ...progress, status: 'done', percent: 100 }, hr)).toBeNull();
    expect(codeOf('measure-M-JOB', { ...progress, status: 'done', percent: 90 }, hr)).toBe(
      ErrorCodes.inputInvalid,
    );
  });

  it('refuses a lead department of another city as out of scope', () => {
    const elsewhere = actor('lead-department', '220682', 'human-resources');
    const progress = { ...SampleForms.measureDone, status: 'in-progress', percent: 60 };
    expect(codeOf('measure-M-JOB', progress, elsewhere)).toBe(ErrorCodes.caseOutOfScope);
  });
});

describe('the facts of a measure and the responsible units’ parts (plan §5)', () => {
  const done = SampleForms.measureDone;
  const post = { type: 'public-welfare-post', post: 'ROAD_CARE', monthlyPay: 700 };
  const part = {
    kind: 'measure-contribution',
    contributionCode: 'POST_FUNDED',
    reportedOn: '2026-12-01',
  };
  const revitalisation = actor('lead-department', '220681', 'rural-revitalisation');
  const township = actor('township-officer', '220681100');

  it('asks the done report of a measure for the facts its code requires', () => {
    const refused = check('measure-M-POST', done, hr);
    expect(refused).toMatchObject({
      code: ErrorCodes.inputInvalid,
      details: [{ field: 'facts', rule: 'required' }],
    });
    expect(
      check('measure-M-POST', { ...done, facts: { type: 'micro-credit', amount: 9 } }, hr),
    ).toMatchObject({ details: [{ field: 'facts.type', rule: 'one-of' }] });
    expect(check('measure-M-POST', { ...done, facts: post }, hr)).toBeNull();
    expect(check('measure-M-POST', { ...done, status: 'in-progress', percent: 50 }, hr)).toBeNull();
  });

  it('takes a department’s part from that department, and the township’s from its officers', () => {
    const ids = {
      department: contributionTaskId('M-POST', 'rural-revitalisation'),
      township: contributionTaskId('M-POST', 'townships'),
    };
    expect(ids).toEqual({
      department: 'part-M-POST-rural-revitalisation',
      township: 'part-M-POST-townships',
    });
    expect(check(ids.department, part, revitalisation)).toBeNull();
    expect(check(ids.department, part, hr)).toMatchObject({
      code: ErrorCodes.accessDenied,
      message: 'only the department rural-revitalisation reports its part in this measure',
    });
    expect(codeOf(ids.department, part, township)).toBe(ErrorCodes.accessDenied);
    expect(check(ids.township, part, township)).toBeNull();
    expect(codeOf(ids.township, part, revitalisation)).toBe(ErrorCodes.accessDenied);
    expect(codeOf(ids.township, part, actor('township-officer', '220681101'))).toBe(
      ErrorCodes.caseOutOfScope,
    );
    expect(codeOf(ids.township, { ...part, kind: 'assistance-measure' }, township)).toBe(
      ErrorCodes.inputInvalid,
    );
  });
});

describe('checkRollback (风险消除回退)', () => {
  const rollback = { rollbackId: 'RB-1', reasonCode: 'INCOME_FELL_AGAIN', actor: city };
  const eliminated = { householdKey, divisions, stage: 'RISK_ELIMINATED' as const };

  it('lets the city bureau of the household roll back a risk-eliminated case', () => {
    expect(checkRollback(eliminated, rollback)).toBeNull();
  });

  it('refuses at any other stage, from anyone else, or without a code', () => {
    expect(checkRollback({ ...eliminated, stage: 'MONITORING' }, rollback)?.code).toBe(
      ErrorCodes.caseWrongStage,
    );
    expect(checkRollback(eliminated, { ...rollback, actor: cadre })?.code).toBe(
      ErrorCodes.accessDenied,
    );
    const elsewhere = { ...rollback, actor: actor('city-bureau', '220682') };
    for (const stage of ['RISK_ELIMINATED', 'MONITORING'] as const) {
      expect(checkRollback({ ...eliminated, stage }, elsewhere)?.code).toBe(
        ErrorCodes.caseOutOfScope,
      );
    }
    expect(checkRollback(eliminated, { ...rollback, reasonCode: 'has spaces' })?.code).toBe(
      ErrorCodes.inputInvalid,
    );
    expect(
      checkRollback(eliminated, { ...rollback, extra: 1 } as unknown as typeof rollback)?.code,
    ).toBe(ErrorCodes.inputInvalid);
  });
});
