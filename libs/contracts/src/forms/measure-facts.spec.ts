import { factsProblem, yuanOfFacts, type MeasureFacts } from './measure-facts';
import { checkForm, type FieldProblem } from './problems';
import { SampleForms } from './samples';
import { TaskForm, measureReportProblem, ResponsibleUnitsOfKind } from './task-forms';

const { measure, plan } = SampleForms;

const problems = (body: unknown): FieldProblem[] => {
  const checked = checkForm(TaskForm, body);
  return checked.ok ? [] : checked.problems;
};
const planOf = (m: object) => problems({ ...plan, measures: [{ ...measure, ...m }] });

const credit = { type: 'micro-credit', amount: 50000, termMonths: 36 };
const post = { type: 'public-welfare-post', post: 'VILLAGE_CLEANING', monthlyPay: 800 };
const industryCredit = {
  measureId: 'M-LOAN',
  kind: 'industry',
  measureCode: 'MICRO_CREDIT',
  leadDepartment: 'rural-commercial-bank',
  responsibleDepartments: ['townships', 'finance'],
};

describe('the responsible units of a measure (责任单位, plan §5)', () => {
  it('takes the household’s township and the departments the plan names for the kind', () => {
    expect(planOf({ responsibleDepartments: ['rural-revitalisation', 'townships'] })).toEqual([]);
    expect(planOf(industryCredit)).toEqual([]);
    expect(
      planOf({
        kind: 'safety-net',
        measureCode: 'MEDICAL_AID',
        leadDepartment: 'civil-affairs',
        responsibleDepartments: ['medical-insurance', 'disabled-persons-federation', 'townships'],
      }),
    ).toEqual([]);
    // 扶志扶智 and 社会帮扶: every department (各部门(单位)) and the townships.
    expect(ResponsibleUnitsOfKind.motivation).toContain('statistics');
    expect(ResponsibleUnitsOfKind.social).toContain('townships');
  });

  it('refuses a unit the plan does not make responsible for the kind, and the lead itself', () => {
    expect(planOf({ responsibleDepartments: ['water', 'townships'] })).toEqual([
      {
        field: 'measures[0].responsibleDepartments',
        rule: 'one-of',
        message:
          'responsibleDepartments names units the plan does not make responsible for employment measures: water',
      },
    ]);
    expect(planOf({ responsibleDepartments: ['human-resources'] })).toEqual([
      expect.objectContaining({ field: 'measures[0].responsibleDepartments', rule: 'rule' }),
      expect.objectContaining({ field: 'measures[0].responsibleDepartments', rule: 'one-of' }),
    ]);
    expect(planOf({ responsibleDepartments: ['police'] })).toEqual([
      expect.objectContaining({ field: 'measures[0].responsibleDepartments[0]', rule: 'one-of' }),
    ]);
  });
});

describe('the facts of a measure', () => {
  it('takes the facts its code asks for, in the plan', () => {
    expect(planOf({ facts: post })).toEqual([]);
    expect(planOf({ ...industryCredit, facts: credit })).toEqual([]);
    expect(
      planOf({
        measureId: 'M-INS',
        kind: 'social',
        measureCode: 'POVERTY_INSURANCE',
        leadDepartment: 'rural-revitalisation',
        responsibleDepartments: ['townships'],
        facts: {
          type: 'insurance',
          policyKind: 'ANTI_POVERTY',
          premium: 100,
          insuredAmount: 10000,
        },
      }),
    ).toEqual([]);
  });

  it('refuses facts of another type than the code’s, or of a kind they do not belong to', () => {
    expect(planOf({ facts: credit })).toEqual([
      {
        field: 'measures[0].facts.type',
        rule: 'one-of',
        message: 'facts.type must be public-welfare-post for a PUBLIC_WELFARE_JOB measure',
      },
    ]);
    expect(planOf({ measureCode: 'JOB_FAIR', facts: credit })).toEqual([
      {
        field: 'measures[0].facts.type',
        rule: 'one-of',
        message: 'facts.type micro-credit belongs to industry measures',
      },
    ]);
    expect(
      planOf({
        kind: 'safety-net',
        measureCode: 'EXTREME_POVERTY_SUPPORT',
        leadDepartment: 'civil-affairs',
        responsibleDepartments: [],
        facts: {
          type: 'social-assistance',
          status: 'minimum-living-allowance',
          monthlyAmount: 500,
        },
      }),
    ).toEqual([expect.objectContaining({ field: 'measures[0].facts.status', rule: 'one-of' })]);
  });

  it('checks each shape’s fields, amounts above 0, and no unknown field', () => {
    expect(planOf({ facts: { ...post, monthlyPay: 0 } })).toEqual([
      {
        field: 'measures[0].facts.monthlyPay',
        rule: 'min',
        message: 'measures[0].facts.monthlyPay must be at least 0.01',
      },
    ]);
    expect(planOf({ facts: { ...post, name: 'x' } }).map((p) => p.rule)).toEqual(['unknown-field']);
    expect(planOf({ facts: { type: 'lottery' } }).map((p) => p.field)).toEqual([
      'measures[0].facts.type',
    ]);
    expect(planOf({ facts: { type: 'public-welfare-post', post: 'X' } })).toEqual([
      expect.objectContaining({ field: 'measures[0].facts.monthlyPay', rule: 'required' }),
    ]);
  });

  it('asks a done report for the facts its code requires, and a done training for its skill', () => {
    const done = { status: 'done' as const };
    expect(measureReportProblem('PUBLIC_WELFARE_JOB', done)).toEqual({
      field: 'facts',
      rule: 'required',
      message:
        'facts is required: a done PUBLIC_WELFARE_JOB measure states its public-welfare-post facts',
    });
    expect(measureReportProblem('PUBLIC_WELFARE_JOB', { status: 'in-progress' })).toBeNull();
    expect(
      measureReportProblem('PUBLIC_WELFARE_JOB', { ...done, facts: post as MeasureFacts }),
    ).toBeNull();
    expect(measureReportProblem('JOB_FAIR', done)).toBeNull();
    const training = { type: 'skills-training', course: 'WELDING_BASIC' } as MeasureFacts;
    expect(
      measureReportProblem('SKILLS_TRAINING', { status: 'in-progress', facts: training }),
    ).toBeNull();
    expect(measureReportProblem('SKILLS_TRAINING', { ...done, facts: training })).toMatchObject({
      field: 'facts.skill',
      rule: 'required',
    });
    expect(factsProblem({ measureCode: 'MICRO_CREDIT' }, post as MeasureFacts, true)).toMatchObject(
      { field: 'facts.type' },
    );
  });

  it('takes facts in the lead department’s report', () => {
    const report = SampleForms.measureDone;
    expect(problems({ ...report, facts: post })).toEqual([]);
    expect(problems({ ...report, facts: { ...credit, amount: -5 } }).map((p) => p.field)).toEqual([
      'facts.amount',
    ]);
  });

  it('sums the yuan each type gives', () => {
    const sums = (
      [
        credit,
        post,
        { type: 'social-assistance', status: 'extreme-poverty-support', monthlyAmount: 620 },
        { type: 'insurance', policyKind: 'ANTI_POVERTY', premium: 100, insuredAmount: 10000 },
        { type: 'industry-subsidy', amount: 3000 },
        { type: 'skills-training', course: 'C', skill: 'S' },
      ] as MeasureFacts[]
    ).map(yuanOfFacts);
    expect(sums).toEqual([50000, 800, 620, 100, 3000, 0]);
  });
});

describe('a responsible unit’s part', () => {
  const part = {
    kind: 'measure-contribution',
    contributionCode: 'FUNDS_ALLOCATED',
    reportedOn: '2026-12-01',
  };

  it('says what the unit did and when', () => {
    expect(problems(part)).toEqual([]);
    expect(problems({ ...part, noteCode: 'VENUE' })).toEqual([]);
    expect(problems({ ...part, contributionCode: undefined }).map((p) => p.field)).toEqual([
      'contributionCode',
    ]);
    expect(problems({ ...part, percent: 50 }).map((p) => p.rule)).toEqual(['unknown-field']);
  });
});
