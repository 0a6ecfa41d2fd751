import { Permissions, hasPermission, type Actor } from '@fanpin/contracts';
import { maskResidentId } from '@fanpin/domain';
import { PiiFields, type PiiCipher } from '@fanpin/persistence';

/** The sealed columns of a household head that lists show. */
export interface SealedHead {
  head_name_sealed: string | null;
  head_resident_id_sealed: string | null;
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
    ? cipher.decrypt(row.head_resident_id_sealed, PiiFields.headResidentId)
    : '';
  const mayName = hasPermission(actor.role, Permissions.householdsRead) && row.head_name_sealed;
  return {
    ...(mayName
      ? { headName: cipher.decrypt(row.head_name_sealed as string, PiiFields.headName) }
      : {}),
    residentIdMasked: maskResidentId(residentId),
  };
}
