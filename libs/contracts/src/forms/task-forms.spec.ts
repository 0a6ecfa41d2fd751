import { TaskForm } from './task-forms';
import { checkForm, type FieldProblem } from './problems';
import { AllSecure, isCalendarDate } from './fields';
import { SampleForms } from './samples';
import { RiskTypeCodes } from '../codes';

const secure = AllSecure;
const { nominate, notAtRisk, approved, review, confirm, measure, plan } = SampleForms;

const problems = (body: unknown): FieldProblem[] => {
  const checked = checkForm(TaskForm, body);
  return checked.ok ? [] : checked.problems;
};
const fields = (body: unknown) => problems(body).map((p) => p.field);

describe('the task forms', () => {
  it.each([
    ['a nomination', nominate],
    ['a household not at risk', notAtRisk],
    ['an approved appraisal', approved],
    ['a rejected appraisal', { ...approved, outcome: 'rejected', reasonCode: 'NO_MAJORITY' }],
    ['an objection review', review],
    ['a township confirmation', confirm],
    ['every risk type', { ...confirm, riskTypes: [...RiskTypeCodes] }],
    ['an inclusion', { kind: 'city-determination', include: true, householdClass: 'marginal' }],
    ['a refusal', { kind: 'city-determination', include: false, reasonCode: 'INCOME_OK' }],
    ['a manual entry', { kind: 'manual-national-entry', entryId: 'NM42', enteredOn: '2026-11-30' }],
    ['a plan', plan],
    [
      'progress',
      { kind: 'assistance-measure', status: 'in-progress', percent: 40, reportedOn: '2026-12-01' },
    ],
    [
      'a measure done',
      { kind: 'assistance-measure', status: 'done', percent: 100, reportedOn: '2026-12-01' },
    ],
    ['an elimination appraisal', { ...approved, kind: 'elimination-appraisal' }],
    ['an elimination keep', { kind: 'elimination-city', outcome: 'keep', reasonCode: 'WEAK' }],
  ])('accepts %s', (_, body) => {
    expect(problems(body)).toEqual([]);
  });

  it('gives back exactly the form’s fields', () => {
    const checked = checkForm(TaskForm, nominate);
    expect(checked.ok && checked.value).toEqual(nominate);
  });

  it('lists every problem at once, in the order of the fields', () => {
    const body = {
      ...without(nominate, 'assurances'),
      incomePerCapita: -1,
      commitmentSignedOn: '2026-02-30',
      note: 'x',
    };
    expect(problems(body)).toEqual([
      { field: 'incomePerCapita', rule: 'min', message: 'incomePerCapita must be at least 0' },
      { field: 'assurances', rule: 'required', message: 'assurances is required' },
      {
        field: 'commitmentSignedOn',
        rule: 'format',
        message: 'commitmentSignedOn must be a real date written YYYY-MM-DD',
      },
      { field: 'note', rule: 'unknown-field', message: 'note is not a field of this form' },
    ]);
  });

  it('says which kinds there are when the kind is unknown, and that it is required', () => {
    const [problem] = problems({ ...nominate, kind: 'village' });
    expect(problem).toMatchObject({ field: 'kind', rule: 'one-of' });
    expect(problem?.message).toContain('kind must be one of village-verification, ');
    for (const body of [without(nominate, 'kind'), {}]) {
      expect(problems(body)).toEqual([
        { field: 'kind', rule: 'required', message: 'kind is required' },
      ]);
    }
  });

  describe('the village verification', () => {
    it.each([
      ['no signed commitment', { ...nominate, commitmentSigned: false }, 'commitmentSigned'],
      ['no signing date', without(nominate, 'commitmentSignedOn'), 'commitmentSignedOn'],
      ['no trigger', { ...nominate, triggers: [] }, 'triggers'],
      ['a reason code', { ...nominate, reasonCode: 'X' }, 'reasonCode'],
    ])('refuses a nomination with %s', (_, body, named) => {
      expect(fields(body)).toContain(named);
    });

    it('refuses "not at risk" without a reason code, and a signing date without the signature', () => {
      expect(fields(without(notAtRisk, 'reasonCode'))).toEqual(['reasonCode']);
      expect(fields({ ...notAtRisk, commitmentSignedOn: '2026-03-02' })).toEqual([
        'commitmentSignedOn',
      ]);
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
      ['assurances', { ...secure, food: 'yes' }],
      ['assurances', { ...secure, safeDrinkingWater: undefined }],
      ['assurances', { ...secure, electricity: true }],
    ])('refuses %s = %p, naming the field', (name, value) => {
      const found = problems({ ...nominate, [name]: value });
      expect(found.length).toBeGreaterThan(0);
      for (const p of found) {
        expect(p.field.startsWith(name)).toBe(true);
        expect(p.message.startsWith(name)).toBe(true);
      }
    });

    it('names the assurance that is wrong', () => {
      expect(fields({ ...nominate, assurances: { ...secure, basicMedical: 0 } })).toEqual([
        'assurances.basicMedical',
      ]);
    });

    it('accepts the edges of the ranges and a leap day', () => {
      const edges = {
        ...nominate,
        incomePerCapita: 0,
        rigidExpenses: 10_000_000,
        triggers: [7, 6, 5, 4, 3, 2, 1],
        commitmentSignedOn: '2024-02-29',
      };
      expect(problems(edges)).toEqual([]);
    });

    it.each(['incomePerCapita', 'assurances', 'triggers', 'commitmentSigned', 'outcome'])(
      'requires %s',
      (name) => {
        expect(problems(without(nominate, name))).toContainEqual({
          field: name,
          rule: 'required',
          message: `${name} is required`,
        });
      },
    );
  });

  describe('the other kinds', () => {
    it.each([
      ['a rejected appraisal without reason', { ...approved, outcome: 'rejected' }],
      ['an approval with a reason', { ...approved, reasonCode: 'X' }],
      ['an appraisal without a date', without(approved, 'heldOn')],
      ['an appraisal on no real date', { ...approved, heldOn: '2026-02-29' }],
      ['a review without reason', without(review, 'reasonCode')],
      ['a review with a reason that is no code', { ...review, reasonCode: '' }],
      ['a review whose upheld is a string', { ...review, upheld: 'false' }],
      ['a township rejection without reason', { ...confirm, outcome: 'reject' }],
      ['a confirmation without risk type', { ...confirm, riskTypes: [] }],
      ['a confirmation with a reason', { ...confirm, reasonCode: 'X' }],
      ['an unknown risk type', { ...confirm, riskTypes: ['POVERTY'] }],
      ['a risk type in lower case', { ...confirm, riskTypes: ['illness'] }],
      ['a risk type twice', { ...confirm, riskTypes: ['ILLNESS', 'ILLNESS'] }],
      ['risk types that are no list', { ...confirm, riskTypes: 'ILLNESS' }],
      ['a ledger entry that is no code', { ...confirm, ledgerEntry: '台账 42' }],
      ['a ledger entry that is a number', { ...confirm, ledgerEntry: 42 }],
      ['no ledger entry', without(confirm, 'ledgerEntry')],
      ['an appraisal’s fields under another kind', { ...approved, kind: 'township-verification' }],
      ['an empty plan', { ...plan, measures: [] }],
      ['a measure id twice', { ...plan, measures: [measure, measure] }],
      [
        'a lead department among the responsible',
        { ...plan, measures: [{ ...measure, responsibleDepartments: ['human-resources'] }] },
      ],
      ['an unknown department', { ...plan, measures: [{ ...measure, leadDepartment: 'tax' }] }],
      ['a measure of no kind', { ...plan, measures: [{ ...measure, kind: 'charity' }] }],
      [
        '21 measures',
        {
          ...plan,
          measures: Array.from({ length: 21 }, (_, i) => ({ ...measure, measureId: `M-${i}` })),
        },
      ],
      [
        'a measure done below 100',
        { kind: 'assistance-measure', status: 'done', percent: 90, reportedOn: '2026-12-01' },
      ],
      [
        'progress at 100',
        {
          kind: 'assistance-measure',
          status: 'in-progress',
          percent: 100,
          reportedOn: '2026-12-01',
        },
      ],
    ])('refuses %s', (_, body) => {
      expect(problems(body).length).toBeGreaterThan(0);
    });

    it('names the measure of a plan that is wrong', () => {
      const bad = {
        ...plan,
        measures: [measure, { ...measure, measureId: 'M-2', dueOn: '2027-02-30' }],
      };
      expect(fields(bad)).toEqual(['measures[1].dueOn']);
    });

    it('lets only the departments the plan names lead each kind of measure', () => {
      const led = (kind: string, leadDepartment: string) =>
        problems({
          ...plan,
          measures: [{ ...measure, kind, leadDepartment, responsibleDepartments: [] }],
        });
      for (const [kind, lead] of [
        ['industry', 'rural-commercial-bank'],
        ['industry', 'ethnic-religious-affairs'],
        ['employment', 'human-resources'],
        ['safety-net', 'civil-affairs'],
        ['motivation', 'propaganda'],
        ['social', 'rural-revitalisation'],
      ]) {
        expect(led(kind!, lead!)).toEqual([]);
      }
      expect(led('employment', 'propaganda')).toEqual([
        {
          field: 'measures[0].leadDepartment',
          rule: 'one-of',
          message: 'leadDepartment does not lead employment measures: human-resources do',
        },
      ]);
      expect(led('safety-net', 'disabled-persons-federation')).toHaveLength(1);
    });

    it('ends each measure once in a revision', () => {
      const ending = { measureId: 'M-OLD', reasonCode: 'NO_LONGER_NEEDED' };
      expect(problems({ ...plan, endMeasures: [ending] })).toEqual([]);
      expect(fields({ ...plan, endMeasures: [ending, ending] })).toEqual(['endMeasures']);
    });
  });

  describe('hostile shapes', () => {
    const notObject = [{ field: '', rule: 'type', message: 'the form must be an object' }];
    it.each([
      ['null', null],
      ['undefined', undefined],
      ['an array', [approved]],
      ['a string', JSON.stringify(approved)],
      ['a number', 1],
    ])('refuses a body that is %s', (_, body) => {
      expect(problems(body)).toEqual(
        body === undefined
          ? [{ field: '', rule: 'required', message: 'the form is required' }]
          : notObject,
      );
    });

    it.each([
      [
        'an own __proto__ key from JSON',
        JSON.parse(
          '{"kind":"democratic-appraisal","outcome":"approved","heldOn":"2026-03-05","__proto__":{"x":1}}',
        ),
      ],
      ['constructor as a key', { ...approved, constructor: 'x' }],
    ])('refuses %s as a field it does not take', (_, body) => {
      expect(problems(body).map((p) => p.rule)).toEqual(['unknown-field']);
    });

    it('never echoes what the caller sent, not even an unknown key that is no plain name', () => {
      const secret = '张三110101199003077777';
      const bodies = [
        { ...nominate, [secret]: true },
        { ...nominate, phone_13800138000: true },
        { ...nominate, reasonCode: secret },
        { ...nominate, incomePerCapita: secret },
        { ...nominate, triggers: [secret] },
        { ...nominate, assurances: { ...secure, [secret]: true } },
        { ...nominate, commitmentSignedOn: secret },
        { ...nominate, kind: secret },
        { ...nominate, outcome: secret },
      ];
      for (const body of bodies) {
        const found = JSON.stringify(problems(body));
        expect(found).not.toBe('[]');
        expect(found).not.toContain('张三');
        expect(found).not.toContain('1101');
        expect(found).not.toContain('13800138000');
      }
    });
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
