import { Logger } from '@nestjs/common';

import { Permissions, hasPermission, type Actor } from '@fanpin/contracts';
import { maskResidentId } from '@fanpin/domain';
import { PiiFields, type PiiCipher } from '@fanpin/persistence';

/** The sealed columns of a household head that lists show. */
export interface SealedHead {
  head_name_sealed: string | null;
  head_resident_id_sealed: string | null;
}

/** What a list shows for a head whose sealed fields cannot be opened. */
export const UnreadableResidentId = '*'.repeat(18);
export const UnreadableName = '（无法读取）';

const logger = new Logger('HouseholdDisplay');

/**
 * Opens one sealed field of a list's row. A row that does not open (sealed under another key, or
 * damaged) is shown without it and reported, rather than failing the whole list: one bad row must
 * not take every inbox of the city down with it. The report names no household.
 */
export function openSealed(
  cipher: PiiCipher,
  sealed: string,
  field: (typeof PiiFields)[keyof typeof PiiFields],
): string | undefined {
  try {
    return cipher.decrypt(sealed, field);
  } catch {
    logger.warn(`a household row's ${field} could not be opened: shown masked`);
    return undefined;
  }
}

/**
 * How a list shows a household's head to an account: the name only to roles that may read
 * households, the resident ID always masked, nothing else (no phone).
 */
export function headDisplay(
  cipher: PiiCipher,
  actor: Actor,
  row: SealedHead,
): { headName?: string; residentIdMasked: string } {
  const residentId = row.head_resident_id_sealed
    ? openSealed(cipher, row.head_resident_id_sealed, PiiFields.headResidentId)
    : '';
  const name =
    hasPermission(actor.role, Permissions.householdsRead) && row.head_name_sealed
      ? openSealed(cipher, row.head_name_sealed, PiiFields.headName)
      : undefined;
  return {
    ...(name === undefined ? {} : { headName: name }),
    residentIdMasked: residentId === undefined ? UnreadableResidentId : maskResidentId(residentId),
  };
}
