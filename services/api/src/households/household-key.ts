import { createHmac } from 'node:crypto';

import { normalizeResidentId } from '@fanpin/contracts';

/**
 * The keyed hash (HMAC-SHA-256) of a resident ID number: a person's member key, and the key of the
 * household they were first reported as head of. It identifies the household in workflow ids and
 * the national entry without revealing the number, and cannot be reversed or recomputed without the
 * secret. `founding` > 0 gives the person's further household keys: a household keeps its key when
 * its head changes, so a former head who founds a household again needs a key of their own.
 */
export function householdKeyOf(secret: string, residentId: string, founding = 0): string {
  const id = normalizeResidentId(residentId);
  const digest = createHmac('sha256', secret)
    .update(founding === 0 ? id : `${id}#${founding}`)
    .digest('hex');
  return `hh${digest.slice(0, 32)}`;
}
