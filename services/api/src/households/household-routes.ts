import { HouseholdKeyPattern } from '@fanpin/contracts';
import type { HouseholdRow } from '@fanpin/persistence';

import type { Jurisdiction } from '../auth/jurisdiction';
import type { Caller } from '../auth/permission.decorator';
import { invalidField } from '../errors/api-error';
import { pathResource } from '../routes/path-resource';

/** The routes of a household, `v1/households/:householdKey/…`. */
export const Household = pathResource(
  'householdKey',
  HouseholdKeyPattern,
  'HOUSEHOLD.NOT_FOUND (also outside your jurisdiction)',
);

/** The household of the path, if well-formed and in the caller's jurisdiction (else 404). */
export function pathHousehold(
  jurisdiction: Jurisdiction,
  householdKey: string,
  { actor, request }: Caller,
): Promise<HouseholdRow> {
  if (!HouseholdKeyPattern.test(householdKey)) {
    throw invalidField('householdKey', 'householdKey must be hh and 32 hex digits');
  }
  return jurisdiction.household(actor, householdKey, request);
}
