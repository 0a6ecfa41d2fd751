import { CaseStages, ErrorCodes, type DeterminationDecision } from '@fanpin/contracts';

import { checkDetermination, type DeterminationContext } from './determination';

const waiting: DeterminationContext = {
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
  decidedBy: 'city-officer-7',
};

describe('checkDetermination', () => {
  it('accepts a well-formed inclusion and refusal for the open task', () => {
    expect(checkDetermination(waiting, include)).toBeNull();
    const refusal = {
      taskId: 'determination-1',
      include: false,
      reasonCode: 'INCOME_ABOVE_LINE',
      decidedBy: 'c1',
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
    [{ ...include, decidedBy: '' }],
    [{ ...include, decidedBy: 'a b' }],
    [{ taskId: 'determination-1', include: false, decidedBy: 'c1' }],
    [
      {
        taskId: 'determination-1',
        include: false,
        reasonCode: 'R',
        householdClass: 'marginal',
        decidedBy: 'c1',
      },
    ],
  ] as DeterminationDecision[][])('refuses a malformed body %#', (decision) => {
    expect(checkDetermination(waiting, decision)?.code).toBe(ErrorCodes.decisionInvalid);
  });
});
