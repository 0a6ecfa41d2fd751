import {
  Departments,
  HouseholdKeyPattern,
  ScopeLengthOfRole,
  SectorBureaus,
  type Actor,
  type Role,
} from '@fanpin/contracts';

import { findDivision } from './divisions/divisions';

/** The household a request is about: its key and its 12-digit village code. */
export interface HouseholdRef {
  householdKey: string;
  villageCode: string;
}

/**
 * Whether a household lies inside an actor's jurisdiction: the village (12 digits), township (9) or
 * county/city (6) of the account's scope, the household itself for a household account, everything
 * for a supervisor. Roles without households (bureaus, departments, administrators) have none here;
 * their own rules apply elsewhere.
 */
export function inJurisdiction(actor: Actor, household: HouseholdRef): boolean {
  switch (actor.role) {
    case 'supervisor':
      return true;
    case 'household':
      return actor.householdKey !== null && actor.householdKey === household.householdKey;
    case 'village-cadre':
    case 'village-committee':
    case 'township-officer':
    case 'city-bureau':
    // A lead department serves the whole city; which measures are its own, the workflow checks.
    case 'lead-department':
      return (
        actor.divisionCode !== null &&
        actor.divisionCode.length === ScopeLengthOfRole[actor.role] &&
        household.villageCode.startsWith(actor.divisionCode)
      );
    default:
      return false;
  }
}

/**
 * Whether an Update's actor, as a workflow receives it (unchecked), lies outside the jurisdiction of
 * the case's household. The Update validators ask this before anything else, so that an account
 * outside learns nothing of a case, not even whether a task is open in it; the API answers such a
 * refusal as a case that does not exist. An actor that is not a well-formed account is outside.
 */
export function outsideJurisdiction(actor: unknown, household: HouseholdRef): boolean {
  if (typeof actor !== 'object' || actor === null) return true;
  const { role, divisionCode, householdKey } = actor as Record<string, unknown>;
  if (typeof role !== 'string') return true;
  if (divisionCode !== null && typeof divisionCode !== 'string') return true;
  if (householdKey !== null && typeof householdKey !== 'string') return true;
  return !inJurisdiction(
    { ...(actor as Actor), role: role as Role, divisionCode, householdKey },
    household,
  );
}

/** The scope an account of a role must be given. */
export interface AccountScope {
  role: Role;
  divisionCode: string | null;
  org: string | null;
  householdKey: string | null;
}

const LEVEL_OF_LENGTH = { 6: 'county', 9: 'township', 12: 'village' } as const;

/** Why a scope does not fit its role, or null when it does. Messages carry codes only. */
export function scopeProblem(scope: AccountScope): string | null {
  const length = ScopeLengthOfRole[scope.role];
  if (length) {
    const division = scope.divisionCode ? findDivision(scope.divisionCode) : undefined;
    if (division?.level !== LEVEL_OF_LENGTH[length] || scope.divisionCode?.length !== length) {
      return `a ${scope.role} account needs a known ${length}-digit division code`;
    }
  } else if (scope.divisionCode !== null) {
    return `a ${scope.role} account takes no division code`;
  }
  if (scope.role === 'sector-bureau') {
    if (!SectorBureaus.includes(scope.org as never))
      return 'a sector-bureau account needs a bureau';
  } else if (scope.role === 'lead-department') {
    if (!Departments.includes(scope.org as never))
      return 'a lead-department account needs a department';
  } else if (scope.org !== null) {
    return `a ${scope.role} account takes no org`;
  }
  if (scope.role === 'household') {
    if (!scope.householdKey || !HouseholdKeyPattern.test(scope.householdKey))
      return 'a household account needs a household key';
  } else if (scope.householdKey !== null) {
    return `a ${scope.role} account takes no household key`;
  }
  return null;
}
