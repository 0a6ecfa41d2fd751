import { createHmac } from 'node:crypto';

import { residentIdCheckChar } from '@fanpin/contracts';

/** A synthetic household head: a valid resident ID number (no person's) and its household key. */
export interface Person {
  residentId: string;
  householdKey: string;
}

/**
 * Synthetic, valid and distinct resident ID numbers of 临江市 (220681), person `offset` onwards, with
 * the household key the API derives from each (HMAC of the number). Every 18,000 people share a
 * 3-digit serial: phases that must not meet each other's households draw from different serials.
 */
export function people(count: number, offset: number, secret: string): Person[] {
  const out: Person[] = [];
  const base = Date.UTC(1950, 0, 1);
  for (let i = offset; i < offset + count; i++) {
    const day = new Date(base + (i % 18_000) * 86_400_000).toISOString().slice(0, 10);
    const first17 = `220681${day.replaceAll('-', '')}${String(Math.floor(i / 18_000)).padStart(3, '0')}`;
    const residentId = first17 + residentIdCheckChar(first17);
    const digest = createHmac('sha256', secret).update(residentId).digest('hex');
    out.push({ residentId, householdKey: `hh${digest.slice(0, 32)}` });
  }
  return out;
}
