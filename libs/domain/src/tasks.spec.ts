import {
  ErrorCodes,
  type Actor,
  type CaseStage,
  type ObjectionLodging,
  type TaskCompletion,
} from '@fanpin/contracts';

import {
  checkObjection,
  checkTaskCompletion,
  isCalendarDate,
  RiskTypeCodes,
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
  openTasks: [
    { taskId: 'village-1', kind: 'village-verification' },
    { taskId: 'appraisal-1', kind: 'democratic-appraisal' },
    { taskId: 'objection-1', kind: 'objection-review' },
    { taskId: 'township-1', kind: 'township-verification' },
    { taskId: 'determination-1', kind: 'city-determination' },
    { taskId: 'manual-entry-1', kind: 'manual-national-entry' },
  ],
  completedTaskIds: ['village-0'],
};

const nominate = {
  outcome: 'nominate',
  incomePerCapita: 5200.5,
  lastYearIncomePerCapita: 9800,
  rigidExpenses: 42000,
  assurances: {
    food: true,
    clothing: true,
    compulsoryEducation: true,
    basicMedical: false,
    safeHousing: true,
    safeDrinkingWater: true,
  },
  labourCapacity: 'partial',
  triggers: [1, 2],
  commitmentSigned: true,
  commitmentSignedOn: '2026-03-02',
};
const notAtRisk = {
  ...without(nominate, 'commitmentSignedOn'),
  outcome: 'not-at-risk',
  triggers: [],
  commitmentSigned: false,
  reasonCode: 'INCOME_ABOVE_LINE',
};
const approved = { outcome: 'approved', heldOn: '2026-03-05' };
const rejected = { outcome: 'rejected', heldOn: '2026-03-05', reasonCode: 'APPRAISAL_REJECTED' };
const review = { upheld: true, reasonCode: 'INCOME_UNDERSTATED' };
const confirm = {
  outcome: 'confirm',
  visitedOn: '2026-03-12',
  riskTypes: ['ILLNESS', 'INCOME_DROP'],
  ledgerEntry: 'TZ-2026-0042',
};
const rejectTownship = { ...confirm, outcome: 'reject', riskTypes: [], reasonCode: 'NO_RISK' };

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
      completing('manual-entry-1', city, { entryId: 'NM0000000042', enteredOn: '2026-11-30' }),
    ]) {
      expect(checkTaskCompletion(context, completion)).toBeNull();
    }
  });

  it('lets only the city bureau record a manual national entry, with a code and a date', () => {
    const entry = { entryId: 'NM0000000042', enteredOn: '2026-11-30' };
    expect(codeOf(completing('manual-entry-1', township, entry))).toBe(ErrorCodes.accessDenied);
    for (const body of [
      { entryId: 'NM 42', enteredOn: '2026-11-30' },
      { entryId: 'NM0000000042', enteredOn: '2026-02-30' },
      { entryId: 'NM0000000042' },
      { ...entry, extra: 1 },
    ]) {
      expect(codeOf(completing('manual-entry-1', city, body))).toBe(ErrorCodes.decisionInvalid);
    }
  });

  describe('the task', () => {
    it('refuses a task already completed, before the role and the body', () => {
      expect(codeOf(completing('village-0', township, null))).toBe(ErrorCodes.taskAlreadyDone);
    });

    it('refuses a task that is not open', () => {
      expect(codeOf(completing('village-2', cadre, nominate))).toBe(ErrorCodes.taskNotOpen);
    });

    it('sends the city determination to its own update', () => {
      expect(codeOf(completing('determination-1', city, {}))).toBe(ErrorCodes.caseWrongStage);
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

  describe('the village verification', () => {
    it.each([
      ['no signed commitment', { ...nominate, commitmentSigned: false }, 'commitmentSigned'],
      ['no signing date', without(nominate, 'commitmentSignedOn'), 'commitmentSignedOn'],
      ['no trigger', { ...nominate, triggers: [] }, 'triggers'],
      ['a reason code', { ...nominate, reasonCode: 'X' }, 'reasonCode'],
    ])('refuses a nomination with %s', (_, body, named) => {
      const problem = checkTaskCompletion(context, village(body));
      expect(problem?.code).toBe(ErrorCodes.decisionInvalid);
      expect(problem?.message).toContain(named);
    });

    it('refuses "not at risk" without a reason code', () => {
      const body = without(notAtRisk, 'reasonCode');
      expect(checkTaskCompletion(context, village(body))?.message).toContain('reasonCode');
    });

    it('refuses a signing date without the signature', () => {
      const body = { ...notAtRisk, commitmentSignedOn: '2026-03-02' };
      expect(checkTaskCompletion(context, village(body))?.message).toContain('commitmentSignedOn');
    });

    it.each([
      ['incomePerCapita', '5200'],
      ['incomePerCapita', NaN],
      ['incomePerCapita', Infinity],
      ['incomePerCapita', -1],
      ['incomePerCapita', 10_000_001],
      ['incomePerCapita', null],
      ['incomePerCapita', [5200]],
      ['lastYearIncomePerCapita', { yuan: 1 }],
      ['rigidExpenses', -Infinity],
      ['rigidExpenses', true],
      ['outcome', 'include'],
      ['outcome', ['nominate']],
      ['labourCapacity', 'most'],
      ['commitmentSigned', 'true'],
      ['commitmentSigned', 1],
      ['commitmentSignedOn', '2026-02-30'],
      ['commitmentSignedOn', '2025-02-29'],
      ['commitmentSignedOn', '2026-13-01'],
      ['commitmentSignedOn', '2026-00-10'],
      ['commitmentSignedOn', '2026-04-31'],
      ['commitmentSignedOn', '2026-3-2'],
      ['commitmentSignedOn', '2026-03-02T00:00:00Z'],
      ['commitmentSignedOn', 20260302],
      ['commitmentSignedOn', null],
      ['triggers', [0]],
      ['triggers', [8]],
      ['triggers', [1.5]],
      ['triggers', ['1']],
      ['triggers', [1, 1]],
      ['triggers', [1, 2, 3, 4, 5, 6, 7, 1]],
      ['triggers', '1,2'],
      ['triggers', { 0: 1, length: 1 }],
      ['triggers', null],
      ['triggers', holey(1, 2)],
      ['reasonCode', null],
      ['assurances', null],
      ['assurances', []],
      ['assurances', true],
      ['assurances', { ...nominate.assurances, food: 'yes' }],
      ['assurances', { ...nominate.assurances, safeDrinkingWater: undefined }],
      ['assurances', { ...nominate.assurances, electricity: true }],
    ])('refuses %s = %p, naming the field', (name, value) => {
      const problem = checkTaskCompletion(context, village({ ...nominate, [name]: value }));
      expect(problem?.code).toBe(ErrorCodes.decisionInvalid);
      expect(problem?.message).toContain(name);
    });

    it('names the assurance that is wrong', () => {
      const body = { ...nominate, assurances: { ...nominate.assurances, basicMedical: 0 } };
      expect(checkTaskCompletion(context, village(body))?.message).toContain(
        'assurances.basicMedical',
      );
    });

    it('accepts the edges of the ranges and a leap day', () => {
      const edges = {
        ...nominate,
        incomePerCapita: 0,
        rigidExpenses: 10_000_000,
        triggers: [7, 6, 5, 4, 3, 2, 1],
        commitmentSignedOn: '2024-02-29',
      };
      expect(checkTaskCompletion(context, village(edges))).toBeNull();
    });

    it.each(['incomePerCapita', 'assurances', 'triggers', 'commitmentSigned', 'outcome'])(
      'requires %s',
      (name) => {
        const problem = checkTaskCompletion(context, village(without(nominate, name)));
        expect(problem?.message).toContain(`${name} is required`);
      },
    );
  });

  describe('the other kinds', () => {
    it.each([
      ['a rejected appraisal without reason', appraisal({ ...approved, outcome: 'rejected' })],
      ['an approval with a reason', appraisal({ ...approved, reasonCode: 'X' })],
      ['an appraisal without a date', appraisal({ outcome: 'approved' })],
      ['an appraisal on no real date', appraisal({ ...approved, heldOn: '2026-02-29' })],
      ['a review without reason', objectionReview({ upheld: true })],
      ['a review with a reason that is no code', objectionReview({ ...review, reasonCode: '' })],
      ['a review whose upheld is a string', objectionReview({ ...review, upheld: 'false' })],
      ['a township rejection without reason', townshipTask(without(rejectTownship, 'reasonCode'))],
      ['a confirmation without risk type', townshipTask({ ...confirm, riskTypes: [] })],
      ['a confirmation with a reason', townshipTask({ ...confirm, reasonCode: 'X' })],
      ['an unknown risk type', townshipTask({ ...confirm, riskTypes: ['POVERTY'] })],
      ['a risk type in lower case', townshipTask({ ...confirm, riskTypes: ['illness'] })],
      ['a risk type twice', townshipTask({ ...confirm, riskTypes: ['ILLNESS', 'ILLNESS'] })],
      ['risk types that are no list', townshipTask({ ...confirm, riskTypes: 'ILLNESS' })],
      ['a ledger entry that is no code', townshipTask({ ...confirm, ledgerEntry: '台账 42' })],
      ['a ledger entry that is a number', townshipTask({ ...confirm, ledgerEntry: 42 })],
      ['no ledger entry', townshipTask(without(confirm, 'ledgerEntry'))],
      ['a body of another kind', townshipTask(approved)],
    ])('refuses %s', (_, completion) => {
      expect(codeOf(completion)).toBe(ErrorCodes.decisionInvalid);
    });
  });

  describe('hostile shapes', () => {
    const notObject = 'body must be an object';
    const extra = 'body has a field it does not take';
    const missing = 'body.outcome is required';
    it.each([
      ['null', null, notObject],
      ['undefined', undefined, notObject],
      ['an array', [approved], notObject],
      ['a string', JSON.stringify(approved), notObject],
      ['a number', 1, notObject],
      ['an extra key', { ...approved, note: 'x' }, extra],
      [
        'an own __proto__ key from JSON',
        JSON.parse('{"outcome":"approved","heldOn":"2026-03-05","__proto__":{"x":1}}'),
        extra,
      ],
      ['constructor as a key', { ...approved, constructor: 'x' }, extra],
      ['a symbol key', { ...approved, [Symbol('x')]: 1 }, extra],
      ['fields only on the prototype', Object.create(approved) as unknown, missing],
      ['fields behind a __proto__ literal', { __proto__: approved }, missing],
    ])('refuses a body that is %s', (_, body, message) => {
      expect(checkTaskCompletion(context, appraisal(body))).toEqual({
        code: ErrorCodes.decisionInvalid,
        message: `democratic-appraisal: ${message}`,
      });
    });

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
        ['no object', 'x', 'audit must be an object'],
        ['an extra field', { ...stamp, name: 'x' }, 'audit has a field it does not take'],
        ['no instant', { ...stamp, at: 'yesterday' }, 'audit.at must be an ISO 8601 instant'],
        ['a GET', { ...stamp, method: 'GET' }, 'audit.method must be one of POST'],
        [
          'a URL with a query',
          { ...stamp, route: '/v1/cases?x=1' },
          'audit.route must be a route pattern',
        ],
        ['a missing route', { ...stamp, route: undefined }, 'audit.route must be a route pattern'],
        [
          'a phone as correlation id',
          { ...stamp, correlationId: '13800138000' },
          `audit.correlationId must be ${'a code (letters, digits and . _ : -)'} or null`,
        ],
      ])('refuses %s', (_, audit, message) => {
        expect(checkTaskCompletion(context, stamped(audit))).toEqual({
          code: ErrorCodes.decisionInvalid,
          message,
        });
      });
    });

    it('never echoes what the caller sent', () => {
      const secret = '张三110101199003077777';
      const bodies = [
        { ...nominate, [secret]: true },
        { ...nominate, reasonCode: secret },
        { ...nominate, incomePerCapita: secret },
        { ...nominate, triggers: [secret] },
        { ...nominate, assurances: { ...nominate.assurances, [secret]: true } },
        { ...nominate, commitmentSignedOn: secret },
      ];
      for (const body of bodies) {
        const problem = checkTaskCompletion(context, village(body));
        expect(problem?.code).toBe(ErrorCodes.decisionInvalid);
        expect(problem?.message).not.toContain('张三');
        expect(problem?.message).not.toContain('1101');
      }
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
    expect(problem?.code).toBe(ErrorCodes.decisionInvalid);
    expect(problem?.message).toContain(name);
  });

  it('refuses a lodging with a field it does not take, or none at all', () => {
    expect(checkObjection(notice, lodging(cadre, { name: 'x' }))?.code).toBe(
      ErrorCodes.decisionInvalid,
    );
    expect(checkObjection(notice, null as unknown as ObjectionLodging)?.code).toBe(
      ErrorCodes.decisionInvalid,
    );
  });
});

describe('isCalendarDate', () => {
  it('knows leap years', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2026-11-31')).toBe(false);
  });
});

function without(body: object, name: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...body };
  delete copy[name];
  return copy;
}

/** An array with a hole between its two items. */
function holey(first: number, last: number): unknown[] {
  const items: unknown[] = [first];
  items[2] = last;
  return items;
}
