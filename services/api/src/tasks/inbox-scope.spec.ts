import { Roles, type Actor, type Role } from '@fanpin/contracts';
import { allDivisions, divisionsOfVillage, inJurisdiction } from '@fanpin/domain';

import { inboxScope } from './inbox-scope';

function actor(role: Role, divisionCode: string | null): Actor {
  return { id: `${role}-1`, role, divisionCode, org: null, householdKey: null };
}

describe('inboxScope', () => {
  it('lists everything for a supervisor and nothing for roles without an inbox', () => {
    expect(inboxScope(actor('supervisor', null))).toEqual({ kind: 'all' });
    const without = Roles.filter(
      (r) =>
        ![
          'supervisor',
          'village-cadre',
          'village-committee',
          'township-officer',
          'city-bureau',
          'lead-department',
        ].includes(r),
    );
    for (const role of without) expect(inboxScope(actor(role, '220681'))).toBeNull();
    expect(
      inboxScope({ ...actor('household', null), householdKey: `hh${'0'.repeat(32)}` }),
    ).toBeNull();
  });

  it('gives a lead department its own measures, city-wide', () => {
    const department = { ...actor('lead-department', '220681'), org: 'civil-affairs' as const };
    expect(inboxScope(department)).toEqual({
      kind: 'department',
      department: 'civil-affairs',
      code: '220681',
    });
    expect(inboxScope({ ...department, org: null })).toBeNull();
    expect(inboxScope({ ...department, divisionCode: '220681101' })).toBeNull();
  });

  it('refuses a staff scope of the wrong length', () => {
    expect(inboxScope(actor('village-cadre', '220681100'))).toBeNull();
    expect(inboxScope(actor('township-officer', null))).toBeNull();
  });

  it('matches exactly the villages inJurisdiction allows, at every level', () => {
    const villages = allDivisions().filter((d) => d.level === 'village');
    const scopes = allDivisions().map((d) => d.code);
    const roles: Role[] = ['village-cadre', 'village-committee', 'township-officer', 'city-bureau'];
    for (const role of roles) {
      for (const code of scopes) {
        const a = actor(role, code);
        const scope = inboxScope(a);
        for (const village of villages) {
          const row = divisionsOfVillage(village.code)!;
          const columns = {
            village_code: row.villageCode,
            township_code: row.townshipCode,
            county_code: row.countyCode,
          };
          const listed = scope?.kind === 'division' && columns[scope.column] === scope.code;
          const allowed = inJurisdiction(a, { householdKey: 'x', villageCode: village.code });
          expect([role, code, village.code, listed]).toEqual([role, code, village.code, allowed]);
        }
      }
    }
  });
});
