/**
 * The accounts a test acts as: a role and its scope, made on first use by the system a test runs
 * (`TestSystem.token`), and the ones the suites use most.
 */
import type { Role } from '@fanpin/contracts';

/** An account to act as: its role and scope. Integration accounts are sector bureaus' machines. */
export interface AccountSpec {
  role: Role;
  divisionCode?: string;
  org?: string;
  householdKey?: string;
  kind?: 'staff' | 'integration';
  /** Tells two accounts of the same role and scope apart (two people); not sent to the API. */
  label?: string;
}

/** A sector bureau's system (an integration account), by the bureau's code: health, water, … */
export const bureauOf = (org: string): AccountSpec => ({
  role: 'sector-bureau',
  kind: 'integration',
  divisionCode: '220681',
  org,
});

/** The health bureau's system, as the harness signs it in for alerts it posts. */
export const healthBureau = bureauOf('health');

/** The city bureau (市乡村振兴局), as the harness signs it in for determinations. */
export const cityBureau: AccountSpec = { role: 'city-bureau', divisionCode: '220681' };

/** A lead department of the county (a measure's lead or responsible unit), by its code. */
export const departmentOf = (org: string): AccountSpec => ({
  role: 'lead-department',
  divisionCode: '220681',
  org,
});

/** The village's cadre, its committee, and the township's officer, by the division's code. */
export const cadreOf = (villageCode: string): AccountSpec => ({
  role: 'village-cadre',
  divisionCode: villageCode,
});
export const committeeOf = (villageCode: string): AccountSpec => ({
  role: 'village-committee',
  divisionCode: villageCode,
});
export const officerOf = (townshipCode: string): AccountSpec => ({
  role: 'township-officer',
  divisionCode: townshipCode,
});
