import { createHmac } from 'node:crypto';

import { normalizeResidentId } from '@fanpin/contracts';

/**
 * The household key: a keyed hash (HMAC-SHA-256) of the head's resident ID number. It identifies the
 * household in workflow ids and the national entry without revealing the number, and cannot be
 * reversed or recomputed without the secret.
 */
export function householdKeyOf(secret: string, residentId: string): string {
  const digest = createHmac('sha256', secret).update(normalizeResidentId(residentId)).digest('hex');
  return `hh${digest.slice(0, 32)}`;
}
