import { CaseStages, ErrorCodes, type Actor, type DeterminationDecision } from '@fanpin/contracts';

import { checkDetermination, type DeterminationContext } from './determination';

const cityBureau: Actor = {
  id: 'city-officer-7',
  role: 'city-bureau',
  divisionCode: '220681',
  org: null,
  householdKey: null,
};

const waiting: DeterminationContext = {
  householdKey: 'hh0123456789abcdef0123456789abcdef',
  divisions: { countyCode: '220681', townshipCode: '220681100', villageCode: '220681100201' },
  stage: CaseStages.cityDetermination,
  openTask: {
    taskId: 'determination-1',
    kind: 'city-determination',
    awaitingRole: 'city-bureau',
    dueAt: '2026-12-30T00:00:00.000Z',
  },
  completedTaskIds: [],
};

const include: DeterminationDecision = {
  taskId: 'determination-1',
  include: true,
  householdClass: 'marginal',
  actor: cityBureau,
};

describe('checkDetermination', () => {
  it('accepts a well-formed inclusion and refusal for the open task', () => {
    expect(checkDetermination(waiting, include)).toBeNull();
    const refusal = {
      taskId: 'determination-1',
      include: false,
      reasonCode: 'INCOME_ABOVE_LINE',
      actor: cityBureau,
    };
    expect(checkDetermination(waiting, refusal)).toBeNull();
  });

  it('refuses a task that is not open, or already done', () => {
    expect(checkDetermination(waiting, { ...include, taskId: 'determination-2' })?.code).toBe(
      ErrorCodes.taskNotOpen,
    );
    const done = {
      ...waiting,
      stage: CaseStages.included,
      openTask: null,
      completedTaskIds: ['determination-1'],
    };
    expect(checkDetermination(done, include)?.code).toBe(ErrorCodes.taskAlreadyDone);
  });

  it('refuses a decision at the wrong stage', () => {
    const intake = { ...waiting, stage: CaseStages.intake, openTask: null };
    expect(checkDetermination(intake, include)?.code).toBe(ErrorCodes.caseWrongStage);
  });

  it.each([
    [{ ...include, householdClass: undefined }],
    [{ ...include, householdClass: 'rich' as never }],
    [{ ...include, reasonCode: 'X' }],
    [{ ...include, include: 'yes' as never }],
    [{ taskId: 'determination-1', include: false, actor: cityBureau }],
    [
      {
        taskId: 'determination-1',
        include: false,
        reasonCode: 'R',
        householdClass: 'marginal',
        actor: cityBureau,
      },
    ],
  ] as DeterminationDecision[][])('refuses a malformed body %#', (decision) => {
    expect(checkDetermination(waiting, decision)?.code).toBe(ErrorCodes.decisionInvalid);
  });

  it.each<[string, Partial<Actor>]>([
    ['a township officer', { role: 'township-officer', divisionCode: '220681100' }],
    ['a supervisor, who changes nothing', { role: 'supervisor', divisionCode: null }],
    ['an account id that is not a code', { id: 'a b' }],
  ])('refuses %s', (_name, change) => {
    const actor = { ...cityBureau, ...change };
    expect(checkDetermination(waiting, { ...include, actor })?.code).toBe(ErrorCodes.accessDenied);
  });

  it.each<[string, Partial<Actor> | undefined]>([
    ['no actor', undefined],
    ['a city bureau of another city', { divisionCode: '220682' }],
    [
      'a township officer of another township',
      { role: 'township-officer', divisionCode: '220681101' },
    ],
  ])('refuses %s as out of scope, before telling the task or the stage', (_name, change) => {
    const actor = change ? { ...cityBureau, ...change } : undefined;
    const done = {
      ...waiting,
      stage: CaseStages.included,
      openTask: null,
      completedTaskIds: ['determination-1'],
    };
    for (const context of [waiting, done]) {
      for (const taskId of ['determination-1', 'determination-2']) {
        expect(checkDetermination(context, { ...include, taskId, actor })?.code).toBe(
          ErrorCodes.caseOutOfScope,
        );
      }
    }
  });
});
