import { screeningFiguresProblem } from './validate';

const valid = {
  householdSize: 4,
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
  liftedOutOfPoverty: false,
  events: ['mainLabourerAccident', 'seriousIllness'],
  source: 'medical-insurance',
};
const withField = (name: string, value: unknown) => ({ ...valid, [name]: value });
const without = (name: string) =>
  Object.fromEntries(Object.entries(valid).filter(([k]) => k !== name));

/** Looks like a resident ID number: a message that echoed values would show it. */
const SECRET = '22068119900307425X';

describe('screeningFiguresProblem', () => {
  it.each([
    ['a full screening', valid],
    ['one without events', without('events')],
    ['one with no events', withField('events', [])],
    [
      'the smallest household, with nothing',
      {
        ...valid,
        householdSize: 1,
        incomePerCapita: 0,
        lastYearIncomePerCapita: 0,
        rigidExpenses: 0,
      },
    ],
    [
      'the largest household, at the bound',
      { ...valid, householdSize: 30, rigidExpenses: 10_000_000 },
    ],
    ['a self-declaration', withField('source', 'self-declaration')],
    ['a cadre screening', withField('source', 'cadre-screening')],
  ])('accepts %s', (_label, figures) => {
    expect(screeningFiguresProblem(figures)).toBeNull();
  });

  it.each([null, undefined, [], 'figures', 42, [valid]])('refuses %j as not an object', (value) => {
    expect(screeningFiguresProblem(value)).toBe('figures must be an object');
  });

  it.each([
    'householdSize',
    'incomePerCapita',
    'lastYearIncomePerCapita',
    'rigidExpenses',
    'assurances',
    'labourCapacity',
    'liftedOutOfPoverty',
    'source',
  ])('requires %s', (name) => {
    expect(screeningFiguresProblem(without(name))).toBe(`figures.${name} is required`);
  });

  it('refuses an unknown field without naming it or echoing its value', () => {
    const problem = screeningFiguresProblem({ ...valid, headResidentId: SECRET });
    expect(problem).toBe('figures has a field it does not take');
    expect(problem).not.toContain('headResidentId');
    expect(screeningFiguresProblem({ ...valid, [Symbol('x')]: 1 })).toBe(
      'figures has a field it does not take',
    );
    expect(screeningFiguresProblem(JSON.parse(`{"__proto__": 1, "householdSize": 4}`))).toBe(
      'figures has a field it does not take',
    );
  });

  it.each([0, -1, 31, 2.5, Number.NaN, '4', null])('refuses a household size of %j', (size) => {
    expect(screeningFiguresProblem(withField('householdSize', size))).toBe(
      'figures.householdSize must be a whole number from 1 to 30',
    );
  });

  describe.each(['incomePerCapita', 'lastYearIncomePerCapita', 'rigidExpenses'])('%s', (name) => {
    it.each([
      -0.01,
      -6000,
      10_000_000.01,
      1e12,
      Number.NaN,
      Infinity,
      -Infinity,
      '6000',
      null,
      true,
    ])('refuses %j', (value) => {
      expect(screeningFiguresProblem(withField(name, value))).toBe(
        `figures.${name} must be a number of yuan from 0 to 10,000,000`,
      );
    });
  });

  it.each([
    [
      'a missing assurance',
      { ...valid.assurances, food: undefined },
      'figures.assurances.food must be true or false',
    ],
    [
      'a missing key',
      {
        clothing: true,
        compulsoryEducation: true,
        basicMedical: true,
        safeHousing: true,
        safeDrinkingWater: true,
      },
      'figures.assurances.food is required',
    ],
    [
      'a word for a boolean',
      { ...valid.assurances, safeHousing: 'yes' },
      'figures.assurances.safeHousing must be true or false',
    ],
    [
      'an extra assurance',
      { ...valid.assurances, income: true },
      'figures.assurances has a field it does not take',
    ],
    ['a list', [true, true, true, true, true, true], 'figures.assurances must be an object'],
  ])('refuses assurances with %s', (_label, assurances, message) => {
    expect(screeningFiguresProblem(withField('assurances', assurances))).toBe(message);
  });

  it.each([
    ['labourCapacity', 'some', 'figures.labourCapacity must be one of full, partial, none'],
    ['liftedOutOfPoverty', 'no', 'figures.liftedOutOfPoverty must be true or false'],
    [
      'source',
      'police',
      expect.stringMatching(/^figures\.source must be one of education, .*cadre-screening$/),
    ],
    ['source', 'toString', expect.stringMatching(/^figures\.source must be one of/)],
  ])('refuses %s %j', (name, value, message) => {
    expect(screeningFiguresProblem(withField(name, value))).toEqual(message);
  });

  it.each([
    ['not a list', 'seriousIllness'],
    ['an unknown event', ['seriousIllness', 'lottery']],
    ['a trigger number instead of an event', [2]],
    ['an event twice', ['seriousIllness', 'seriousIllness']],
    ['too many', Array.from({ length: 14 }, () => 'otherRisk')],
    ['a hole', [, 'otherRisk']],
  ])('refuses events: %s', (_label, events) => {
    expect(screeningFiguresProblem(withField('events', events))).toMatch(
      /^figures\.events must be a list of distinct events \(mainLabourerAccident, .*otherRisk\)$/,
    );
  });

  it('never echoes a value it refuses', () => {
    for (const name of [...Object.keys(valid), 'unknown']) {
      const problem = screeningFiguresProblem(withField(name, SECRET));
      expect(problem).not.toBeNull();
      expect(problem).not.toContain(SECRET);
    }
    const nested = { ...valid.assurances, food: SECRET };
    expect(screeningFiguresProblem(withField('assurances', nested))).not.toContain(SECRET);
    expect(screeningFiguresProblem(withField('events', [SECRET]))).not.toContain(SECRET);
  });
});
