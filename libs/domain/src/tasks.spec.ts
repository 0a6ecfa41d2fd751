import {
  ErrorCodes,
  RiskTypeCodes,
  SampleForms,
  TaskForm,
  checkForm,
  type Actor,
  type CaseStage,
  type ObjectionLodging,
  type TaskCompletion,
} from '@fanpin/contracts';

import {
  checkFastTrack,
  checkObjection,
  checkPlanAppraisal,
  checkRelief,
  checkTaskCompletion,
  type ObjectionContext,
  type TaskContext,
} from './tasks';

const divisions = { countyCode: '220681', townshipCode: '220681100', villageCode: '220681100201' };
const householdKey = 'hh0123456789abcdef0123456789abcdef';

const staff = (role: Actor['role'], divisionCode: string | null, id = `${role}-1`): Actor => ({
  id,
  role,
  divisionCode,
  org: null,
  householdKey: null,
});
const cadre = staff('village-cadre', '220681100201');
const committee = staff('village-committee', '220681100201');
const township = staff('township-officer', '220681100');
const city = staff('city-bureau', '220681');

const context: TaskContext = {
  householdKey,
  divisions,
  stage: 'VILLAGE_VERIFICATION',
  incomeLine: 6000,
  rigidExpensesPercent: 100,
  stableVisits: 0,
  stableVisitsForElimination: 2,
  openTasks: [
    { taskId: 'village-1', kind: 'village-verification', awaitingRole: 'village-cadre' },
    { taskId: 'appraisal-1', kind: 'democratic-appraisal' },
    { taskId: 'objection-1', kind: 'objection-review' },
    { taskId: 'township-1', kind: 'township-verification' },
    { taskId: 'determination-1', kind: 'city-determination' },
    { taskId: 'manual-entry-1', kind: 'manual-national-entry' },
  ],
  completedTaskIds: ['village-0'],
  withdrawnTaskIds: [],
};

const { nominate, notAtRisk, approved, review, confirm } = SampleForms;
const rejected = { ...approved, outcome: 'rejected', reasonCode: 'APPRAISAL_REJECTED' };
const rejectTownship = { ...confirm, outcome: 'reject', riskTypes: [], reasonCode: 'NO_RISK' };
const entry = { kind: 'manual-national-entry', entryId: 'NM0000000042', enteredOn: '2026-11-30' };
const include = { kind: 'city-determination', include: true, householdClass: 'marginal' };
const refuseInclusion = { kind: 'city-determination', include: false, reasonCode: 'INCOME_OK' };

const completing = (taskId: string, actor: unknown, body: unknown) =>
  ({ taskId, actor, body }) as unknown as TaskCompletion;
const village = (body: unknown, actor: unknown = cadre) => completing('village-1', actor, body);
const appraisal = (body: unknown) => completing('appraisal-1', committee, body);
const objectionReview = (body: unknown) => completing('objection-1', township, body);
const townshipTask = (body: unknown) => completing('township-1', township, body);

const codeOf = (completion: TaskCompletion) => checkTaskCompletion(context, completion)?.code;

describe('checkTaskCompletion', () => {
  it('accepts a well-formed body of each kind', () => {
    for (const completion of [
      village(nominate),
      village(notAtRisk),
      village({ ...notAtRisk, triggers: [4] }),
      appraisal(approved),
      appraisal(rejected),
      objectionReview(review),
      objectionReview({ ...review, upheld: false }),
      townshipTask(confirm),
      townshipTask(rejectTownship),
      townshipTask({ ...confirm, riskTypes: [...RiskTypeCodes] }),
      completing('manual-entry-1', city, entry),
      completing('determination-1', city, include),
      completing('determination-1', city, refuseInclusion),
    ]) {
      expect(checkTaskCompletion(context, completion)).toBeNull();
    }
  });

  it('lets only the city bureau record a manual national entry, with a code and a date', () => {
    expect(codeOf(completing('manual-entry-1', township, entry))).toBe(ErrorCodes.accessDenied);
    for (const body of [
      { ...entry, entryId: 'NM 42' },
      { ...entry, enteredOn: '2026-02-30' },
      without(entry, 'enteredOn'),
      { ...entry, extra: 1 },
    ]) {
      expect(codeOf(completing('manual-entry-1', city, body))).toBe(ErrorCodes.inputInvalid);
    }
  });

  it('takes the city determination as any other task: the city bureau, with its form', () => {
    expect(codeOf(completing('determination-1', township, include))).toBe(ErrorCodes.accessDenied);
    for (const body of [
      without(include, 'householdClass'),
      { ...include, reasonCode: 'X' },
      without(refuseInclusion, 'reasonCode'),
      { ...refuseInclusion, householdClass: 'marginal' },
      { ...include, householdClass: 'rich' },
    ]) {
      expect(codeOf(completing('determination-1', city, body))).toBe(ErrorCodes.inputInvalid);
    }
  });

  it('refuses a form of another kind than the task, naming the kind it must be', () => {
    expect(checkTaskCompletion(context, completing('determination-1', city, entry))).toEqual({
      code: ErrorCodes.inputInvalid,
      message: "kind must be city-determination, the task's kind",
      details: [
        {
          field: 'kind',
          rule: 'one-of',
          message: "kind must be city-determination, the task's kind",
        },
      ],
    });
  });

  it('refuses a form exactly as the API does: the problems of the one definition', () => {
    const bodies = [
      { ...nominate, incomePerCapita: -1, commitmentSignedOn: '2026-02-30', extra: 1 },
      without(nominate, 'assurances'),
      { ...nominate, outcome: 'maybe' },
    ];
    for (const body of bodies) {
      const form = checkForm(TaskForm, body);
      expect(form.ok).toBe(false);
      const problem = checkTaskCompletion(context, village(body));
      expect(problem?.code).toBe(ErrorCodes.inputInvalid);
      expect(problem?.details).toEqual(form.ok ? [] : form.problems);
    }
  });

  describe('the task', () => {
    it('refuses a task already completed, before the role and the body', () => {
      expect(codeOf(completing('village-0', township, null))).toBe(ErrorCodes.taskAlreadyDone);
    });

    it('refuses a task that is not open, saying the stage and what the case waits for', () => {
      const problem = checkTaskCompletion(context, completing('village-2', cadre, nominate));
      expect(problem?.code).toBe(ErrorCodes.taskNotOpen);
      expect(problem?.message).toContain('stage VILLAGE_VERIFICATION');
      expect(problem?.message).toContain('village-1 (village-cadre)');
    });

    it.each([
      null,
      undefined,
      'village-1',
      [],
      { actor: cadre },
      { taskId: 7, actor: cadre },
      { taskId: '', actor: cadre },
    ])('refuses a completion without a taskId: %p', (completion) => {
      expect(codeOf(completion as unknown as TaskCompletion)).toBe(ErrorCodes.decisionInvalid);
    });
  });

  describe('who completes it', () => {
    describe("outside the household's jurisdiction, nothing of the case is told", () => {
      it.each([
        ['no actor', undefined],
        ['a null actor', null],
        ['an actor that is a string', 'village-cadre'],
        ['an array', [cadre]],
        ['a cadre of another village', staff('village-cadre', '220681100202')],
        ['a cadre whose scope is a township', staff('village-cadre', '220681100')],
        ['a division code that is not a string', { ...cadre, divisionCode: 220681100201 }],
        ['a township officer of another township', staff('township-officer', '220681101')],
        ['another household', { ...staff('household', null), householdKey: `${householdKey}0` }],
        ['a sector bureau', { ...staff('sector-bureau', null), org: 'health' }],
        ['an administrator', staff('administrator', null)],
      ])('refuses %s as out of scope, whatever the task', (_, actor) => {
        for (const taskId of ['village-1', 'village-0', 'village-2', 'determination-1']) {
          expect(checkTaskCompletion(context, completing(taskId, actor, nominate))).toEqual({
            code: ErrorCodes.caseOutOfScope,
            message: 'the case is outside your jurisdiction',
          });
        }
      });
    });

    it.each([
      ['the escalation role (township chases, never completes)', township],
      ['another role of the same village', committee],
      ['a supervisor', staff('supervisor', null)],
      ['the household itself', { ...staff('household', null), householdKey }],
      ['an account id that is not a code', staff('village-cadre', '220681100201', '张三')],
      ['an empty account id', staff('village-cadre', '220681100201', '')],
      ['an account id that is a number', { ...cadre, id: 7 }],
    ])('refuses %s', (_, actor) => {
      expect(codeOf(completing('village-1', actor, nominate))).toBe(ErrorCodes.accessDenied);
    });

    it('asks each kind for its own role', () => {
      expect(codeOf(completing('appraisal-1', cadre, approved))).toBe(ErrorCodes.accessDenied);
      expect(codeOf(completing('township-1', city, confirm))).toBe(ErrorCodes.accessDenied);
      expect(codeOf(completing('objection-1', city, review))).toBe(ErrorCodes.accessDenied);
    });

    it('checks the actor before the body', () => {
      expect(codeOf(village('nonsense', township))).toBe(ErrorCodes.accessDenied);
    });
  });

  describe('the completion around the form', () => {
    it('refuses extra keys on the completion itself', () => {
      const completion = { ...appraisal(approved), name: 'x' } as TaskCompletion;
      expect(codeOf(completion)).toBe(ErrorCodes.decisionInvalid);
    });

    describe("the request's audit stamp", () => {
      const stamp = {
        at: '2026-12-01T03:04:05.678Z',
        method: 'POST',
        route: '/v1/cases/:caseId/tasks/:taskId',
        correlationId: 'c0ffee00-1234',
      };
      const stamped = (audit: unknown) => ({ ...appraisal(approved), audit }) as TaskCompletion;

      it('takes a well-formed stamp, with or without a correlation id', () => {
        expect(checkTaskCompletion(context, stamped(stamp))).toBeNull();
        expect(checkTaskCompletion(context, stamped({ ...stamp, correlationId: null }))).toBeNull();
      });

      it.each([
        ['no object', 'x'],
        ['an extra field', { ...stamp, name: 'x' }],
        ['no instant', { ...stamp, at: 'yesterday' }],
        ['a GET', { ...stamp, method: 'GET' }],
        ['a URL with a query', { ...stamp, route: '/v1/cases?x=1' }],
        ['a missing route', { ...stamp, route: undefined }],
        ['a correlation id that is no code', { ...stamp, correlationId: 'a b' }],
      ])('refuses %s', (_, audit) => {
        expect(checkTaskCompletion(context, stamped(audit))).toEqual({
          code: ErrorCodes.decisionInvalid,
          message: 'the completion is not one the API sends',
        });
      });
    });

    it('never echoes a task id the caller sent', () => {
      const secret = '张三110101199003077777';
      const { message } = checkTaskCompletion(context, completing(secret, cadre, nominate)) ?? {};
      expect(message).not.toContain('1101');
    });
  });
});

describe('checkObjection', () => {
  const notice: ObjectionContext = {
    householdKey,
    divisions,
    // CaseStages.publicNotice once it lands in contracts.
    stage: 'PUBLIC_NOTICE' as string as CaseStage,
    objectionIds: ['obj-1'],
  };
  const lodging = (actor: unknown, fields: object = {}) =>
    ({
      objectionId: 'obj-2',
      groundsCode: 'INCOME_UNDERSTATED',
      actor,
      ...fields,
    }) as ObjectionLodging;

  it('accepts an objection from village or township staff of the household', () => {
    for (const actor of [cadre, committee, township]) {
      expect(checkObjection(notice, lodging(actor))).toBeNull();
    }
  });

  it('lets an objection be lodged again: the workflow ignores the repeat', () => {
    expect(checkObjection(notice, lodging(cadre, { objectionId: 'obj-1' }))).toBeNull();
  });

  it('refuses outside the public notice', () => {
    for (const stage of ['VILLAGE_VERIFICATION', 'CITY_DETERMINATION', 'INTAKE']) {
      const problem = checkObjection({ ...notice, stage: stage as CaseStage }, lodging(cadre));
      expect(problem?.code).toBe(ErrorCodes.caseWrongStage);
    }
  });

  it.each([
    ['the city bureau', city],
    ['a supervisor', staff('supervisor', null)],
    ['the household', { ...staff('household', null), householdKey }],
    ['an account id that is no code', { ...cadre, id: 'Wang Wei' }],
  ])('refuses %s', (_, actor) => {
    expect(checkObjection(notice, lodging(actor))?.code).toBe(ErrorCodes.accessDenied);
  });

  it.each([
    ['staff of another township', staff('township-officer', '220681101')],
    ['no actor', undefined],
  ])('refuses %s as out of scope, before telling the stage', (_, actor) => {
    for (const stage of ['PUBLIC_NOTICE', 'VILLAGE_VERIFICATION']) {
      const problem = checkObjection({ ...notice, stage: stage as CaseStage }, lodging(actor));
      expect(problem?.code).toBe(ErrorCodes.caseOutOfScope);
    }
  });

  it.each([
    ['objectionId', ''],
    ['objectionId', 7],
    ['objectionId', 'obj 2'],
    ['groundsCode', null],
    ['groundsCode', '收入瞒报'],
  ])('refuses %s = %p', (name, value) => {
    const problem = checkObjection(notice, lodging(cadre, { [name]: value }));
    expect(problem?.code).toBe(ErrorCodes.inputInvalid);
    expect(problem?.details?.[0]?.field).toBe(name);
  });

  it('refuses a lodging with a field it does not take, or none at all', () => {
    expect(checkObjection(notice, lodging(cadre, { name: 'x' }))?.details).toEqual([
      { field: 'name', rule: 'unknown-field', message: 'name is not a field of this form' },
    ]);
    expect(checkObjection(notice, null as unknown as ObjectionLodging)?.code).toBe(
      ErrorCodes.decisionInvalid,
    );
  });
});

function without(body: object, name: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...body };
  delete copy[name];
  return copy;
}

describe('sudden hardship: emergency relief and the fast track', () => {
  const relief = {
    reliefId: 'ER-1',
    kind: 'emergency-relief' as const,
    amount: 2000,
    grantedOn: '2026-12-07',
    reasonCode: 'SUDDEN_ILLNESS',
  };
  const at = (stage: CaseStage) => ({ householdKey, divisions, stage });

  it('takes relief from the township or the city bureau while identification goes on', () => {
    expect(checkRelief(at('VILLAGE_VERIFICATION'), { ...relief, actor: township })).toBeNull();
    expect(checkRelief(at('CITY_DETERMINATION'), { ...relief, actor: city })).toBeNull();
    expect(checkRelief(at('VILLAGE_VERIFICATION'), { ...relief, actor: cadre })).toMatchObject({
      code: ErrorCodes.accessDenied,
    });
    expect(checkRelief(at('MONITORING'), { ...relief, actor: township })).toMatchObject({
      code: ErrorCodes.caseWrongStage,
    });
    expect(
      checkRelief(at('VILLAGE_VERIFICATION'), { ...relief, amount: -5, actor: township }),
    ).toMatchObject({ code: ErrorCodes.inputInvalid });
  });

  it('lets the city bureau take a sudden-hardship case ahead of the cut-off only where the policy allows', () => {
    const fastTrack = { reasonCode: 'SUDDEN_HARDSHIP', actor: city };
    const ready = { ...at('AWAITING_REPORT'), suddenHardship: true, allowed: true };
    expect(checkFastTrack(ready, fastTrack)).toBeNull();
    expect(checkFastTrack({ ...ready, suddenHardship: false }, fastTrack)).toMatchObject({
      code: ErrorCodes.fastTrackRefused,
    });
    expect(checkFastTrack({ ...ready, allowed: false }, fastTrack)).toMatchObject({
      code: ErrorCodes.fastTrackRefused,
    });
    expect(checkFastTrack({ ...ready, stage: 'CITY_DETERMINATION' }, fastTrack)).toMatchObject({
      code: ErrorCodes.caseWrongStage,
    });
    expect(checkFastTrack(ready, { ...fastTrack, actor: township })).toMatchObject({
      code: ErrorCodes.accessDenied,
    });
  });
});

describe('a village meeting appraises the plan in force', () => {
  const appraisal = {
    planNo: 2,
    outcome: 'approved' as const,
    heldOn: '2026-12-07',
    meetingId: 'M-2026-12',
    noticePlace: '村务公开栏',
  };
  const monitored = {
    householdKey,
    divisions,
    stage: 'MONITORING' as CaseStage,
    plans: 2,
    appraisedPlans: [1],
  };

  it('takes the committee’s appraisal of the plan in force, once', () => {
    expect(checkPlanAppraisal(monitored, { ...appraisal, actor: committee })).toBeNull();
    expect(
      checkPlanAppraisal(
        { ...monitored, appraisedPlans: [1, 2] },
        { ...appraisal, actor: committee },
      ),
    ).toMatchObject({ code: ErrorCodes.taskAlreadyDone });
    expect(
      checkPlanAppraisal(monitored, { ...appraisal, planNo: 1, actor: committee }),
    ).toMatchObject({ code: ErrorCodes.decisionInvalid });
  });

  it('refuses others, other stages and a rejection without its reason', () => {
    expect(checkPlanAppraisal(monitored, { ...appraisal, actor: cadre })).toMatchObject({
      code: ErrorCodes.accessDenied,
    });
    expect(
      checkPlanAppraisal(
        { ...monitored, stage: 'CITY_DETERMINATION' },
        { ...appraisal, actor: committee },
      ),
    ).toMatchObject({ code: ErrorCodes.caseWrongStage });
    expect(
      checkPlanAppraisal(monitored, { ...appraisal, outcome: 'rejected', actor: committee }),
    ).toMatchObject({
      code: ErrorCodes.inputInvalid,
      details: [expect.objectContaining({ field: 'reasonCode', rule: 'required' })],
    });
  });
});
