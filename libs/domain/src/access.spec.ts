import type { Actor } from '@fanpin/contracts';

import { inJurisdiction, scopeProblem } from './access';

const household = {
  householdKey: 'hh0123456789abcdef0123456789abcdef',
  villageCode: '220681100200',
};
const as = (
  role: Actor['role'],
  divisionCode: string | null,
  extra: Partial<Actor> = {},
): Actor => ({
  id: 'a1',
  role,
  divisionCode,
  org: null,
  householdKey: null,
  ...extra,
});

describe('inJurisdiction', () => {
  it.each<[string, Actor, boolean]>([
    ['its village cadre', as('village-cadre', '220681100200'), true],
    ['the cadre of the next village', as('village-cadre', '220681100201'), false],
    ['its village committee', as('village-committee', '220681100200'), true],
    ['its township', as('township-officer', '220681100'), true],
    ['another township', as('township-officer', '220681001'), false],
    ['the city bureau', as('city-bureau', '220681'), true],
    ['another city', as('city-bureau', '220682'), false],
    ['a supervisor', as('supervisor', null), true],
    ['the household itself', as('household', null, { householdKey: household.householdKey }), true],
    ['another household', as('household', null, { householdKey: 'hh' + 'f'.repeat(32) }), false],
    ['a sector bureau', as('sector-bureau', '220681', { org: 'health' }), false],
    ['an administrator', as('administrator', null), false],
    ['a cadre whose code has the wrong length', as('village-cadre', '220681100'), false],
  ])('%s: %s', (_name, actor, expected) => {
    expect(inJurisdiction(actor, household)).toBe(expected);
  });
});

describe('scopeProblem', () => {
  const scope = { divisionCode: null, org: null, householdKey: null };
  it('accepts scopes that fit their role', () => {
    expect(
      scopeProblem({ ...scope, role: 'village-cadre', divisionCode: '220681100200' }),
    ).toBeNull();
    expect(
      scopeProblem({ ...scope, role: 'township-officer', divisionCode: '220681100' }),
    ).toBeNull();
    expect(scopeProblem({ ...scope, role: 'city-bureau', divisionCode: '220681' })).toBeNull();
    expect(
      scopeProblem({ ...scope, role: 'sector-bureau', divisionCode: '220681', org: 'water' }),
    ).toBeNull();
    expect(scopeProblem({ ...scope, role: 'supervisor' })).toBeNull();
    expect(
      scopeProblem({ ...scope, role: 'household', householdKey: household.householdKey }),
    ).toBeNull();
  });

  it('refuses unknown divisions, wrong levels and stray fields', () => {
    expect(
      scopeProblem({ ...scope, role: 'village-cadre', divisionCode: '220681100999' }),
    ).not.toBeNull();
    expect(
      scopeProblem({ ...scope, role: 'village-cadre', divisionCode: '220681100' }),
    ).not.toBeNull();
    expect(
      scopeProblem({ ...scope, role: 'township-officer', divisionCode: '220681' }),
    ).not.toBeNull();
    expect(scopeProblem({ ...scope, role: 'supervisor', divisionCode: '220681' })).not.toBeNull();
    expect(
      scopeProblem({ ...scope, role: 'sector-bureau', divisionCode: '220681', org: 'police' }),
    ).not.toBeNull();
    expect(
      scopeProblem({ ...scope, role: 'city-bureau', divisionCode: '220681', org: 'water' }),
    ).not.toBeNull();
    expect(scopeProblem({ ...scope, role: 'household' })).not.toBeNull();
  });
});
