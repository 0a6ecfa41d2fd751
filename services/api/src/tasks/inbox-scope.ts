import {
  Departments,
  ScopeLengthOfRole,
  type Actor,
  type Department,
  type Role,
} from '@fanpin/contracts';
import { ColumnOfLength, type DivisionColumn } from '@fanpin/persistence';

/** The roles with an inbox at their level, and the column that holds a code of their scope's length. */
const StaffRoles: readonly Role[] = [
  'village-cadre',
  'village-committee',
  'township-officer',
  'city-bureau',
];

/**
 * Which tasks an account's inbox lists: everything for a supervisor; for staff, the tasks of its role
 * and those escalated to its role inside its division. Equality on the column of the scope's level
 * is the jurisdiction's prefix rule (`inJurisdiction`): division codes nest, and the table checks it.
 * A lead department lists the assistance measures it leads, city-wide.
 * Null: the account has no inbox (households, bureaus, administrators).
 */
export type InboxScope =
  | { kind: 'all' }
  | { kind: 'division'; role: Role; column: DivisionColumn; code: string }
  | { kind: 'department'; department: Department; code: string };

export function inboxScope(actor: Actor): InboxScope | null {
  if (actor.role === 'supervisor') return { kind: 'all' };
  if (actor.role === 'lead-department') {
    const department = Departments.find((d) => d === actor.org);
    const code = actor.divisionCode;
    if (!department || code?.length !== 6 || !/^\d+$/.test(code)) return null;
    return { kind: 'department', department, code };
  }
  const length = ScopeLengthOfRole[actor.role];
  const code = actor.divisionCode;
  if (!length || !StaffRoles.includes(actor.role) || code?.length !== length) return null;
  if (!/^\d+$/.test(code)) return null;
  return { kind: 'division', role: actor.role, column: ColumnOfLength[length], code };
}
