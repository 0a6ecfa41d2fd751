import { AllSecure, ErrorCodes, type Actor, type PolicyAdoption } from '@fanpin/contracts';

import { checkPolicyAdoption } from './policy-adoption';
import { checkTaskCompletion, visitIncomeLine, type TaskContext } from './tasks';

const divisions = { countyCode: '220681', townshipCode: '220681100', villageCode: '220681100201' };
const householdKey = 'hh0123456789abcdef0123456789abcdef';
const actor = (role: Actor['role'], divisionCode: string): Actor => ({
  id: `${role}-1`,
  role,
  divisionCode,
  org: null,
  householdKey: null,
});
const city = actor('city-bureau', '220681');

const line2021 = {
  version: '2021-r1',
  year: 2021,
  incomeLine: 6000,
  validFrom: '2021-01-01',
  validUntil: '2021-12-31',
};
const line2024 = {
  version: '2024-r1',
  year: 2024,
  incomeLine: 7000,
  validFrom: '2024-01-01',
  validUntil: '2024-12-31',
};
const line2024r2 = { ...line2024, version: '2024-r2', incomeLine: 7500 };

const context = {
  householdKey,
  divisions,
  stage: 'MONITORING' as const,
  yearLines: [line2021, line2024],
};
const adoption = (over: Partial<PolicyAdoption> = {}): PolicyAdoption => ({
  actor: city,
  yearLines: [line2021, line2024r2],
  reasonCode: 'LINE_REVISED',
  ...over,
});

describe('moving a running case onto the published lines', () => {
  it('lets the city bureau move it onto other lines', () => {
    expect(checkPolicyAdoption(context, adoption())).toBeNull();
  });

  it('refuses the lines the case keeps already', () => {
    const same = adoption({ yearLines: [line2021, line2024] });
    expect(checkPolicyAdoption(context, same)?.code).toBe(ErrorCodes.policyAlreadyAdopted);
  });

  it('refuses anyone but the city bureau, and answers another county as out of scope', () => {
    const township = adoption({ actor: actor('township-officer', '220681100') });
    expect(checkPolicyAdoption(context, township)?.code).toBe(ErrorCodes.accessDenied);
    const elsewhere = adoption({ actor: actor('city-bureau', '220682') });
    expect(checkPolicyAdoption(context, elsewhere)?.code).toBe(ErrorCodes.caseOutOfScope);
  });

  it('refuses lines the API would not send, and a case that has ended', () => {
    const odd = adoption({ yearLines: [{ ...line2024, version: '2023-r1' }] });
    expect(checkPolicyAdoption(context, odd)?.code).toBe(ErrorCodes.decisionInvalid);
    const ended = { ...context, stage: 'EXCLUDED' as const };
    expect(checkPolicyAdoption(ended, adoption())?.code).toBe(ErrorCodes.caseWrongStage);
  });
});

/** A stable visit at 6500 yuan a head, between 2021's line and 2024's. */
const stableVisit = {
  kind: 'follow-up-visit' as const,
  visitedOn: '2026-11-30',
  householdSize: 3,
  incomePerCapita: 6500,
  rigidExpenses: 0,
  assurances: AllSecure,
  labourCapacity: 'full' as const,
  stability: 'stable' as const,
  proposeElimination: true,
};

describe('a visit judged against the line of its figures’ year', () => {
  const visit: { figuresYear?: number; visitedOn: string } = stableVisit;
  const lines = { incomeLine: 6000, yearLines: [line2021, line2024] };

  it('takes the stated year’s line, else the line in force on the visit’s date', () => {
    expect(visitIncomeLine({ ...visit, figuresYear: 2024 }, lines)).toEqual({
      incomeLine: 7000,
      version: '2024-r1',
      figuresYear: 2024,
    });
    expect(visitIncomeLine({ ...visit, figuresYear: 2021 }, lines).incomeLine).toBe(6000);
    expect(visitIncomeLine({ ...visit, visitedOn: '2024-05-02' }, lines).version).toBe('2024-r1');
    // No line of the case before the figures' year: the line the case was started with.
    expect(visitIncomeLine({ ...visit, figuresYear: 2020 }, lines)).toEqual({
      incomeLine: 6000,
      version: null,
      figuresYear: 2020,
    });
  });

  it('refuses an elimination at 6500 yuan for 2024 (line 7000) and takes it for 2021 (line 6000)', () => {
    const taskContext: TaskContext = {
      householdKey,
      divisions,
      stage: 'MONITORING',
      openTasks: [{ taskId: 'follow-up-visit-2', kind: 'follow-up-visit' }],
      completedTaskIds: [],
      withdrawnTaskIds: [],
      incomeLine: 6000,
      rigidExpensesPercent: 100,
      yearLines: [line2021, line2024],
      stableVisits: 1,
      stableVisitsForElimination: 2,
    };
    const body = (figuresYear: number) => ({ ...stableVisit, figuresYear });
    const cadre = actor('village-cadre', '220681100201');
    const complete = (figuresYear: number) =>
      checkTaskCompletion(taskContext, {
        taskId: 'follow-up-visit-2',
        actor: cadre,
        body: body(figuresYear),
      });
    expect(complete(2024)?.code).toBe(ErrorCodes.eliminationRefused);
    expect(complete(2021)).toBeNull();
  });
});
