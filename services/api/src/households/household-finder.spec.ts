import type { HouseholdMembersRepository, HouseholdsRepository } from '@fanpin/persistence';

import { HouseholdFinder } from './household-finder';
import { householdKeyOf } from './household-key';
import type { ApiConfig } from '../settings';

const secret = 'finder-test-secret';
/** A synthetic resident ID number (valid check character). */
const residentId = '11010519491231002X';
const config = { HOUSEHOLD_KEY_SECRET: secret } as ApiConfig;

/**
 * PostgreSQL as two reports about one new person see it when they interleave: the other report
 * stores the household (and the person as its head) between this one's two reads.
 */
function interleaved(residentId: string) {
  const key = householdKeyOf(secret, residentId);
  let stored = false;
  const members = {
    currentHouseholdOf: () => Promise.resolve(stored ? key : null),
  } as unknown as HouseholdMembersRepository;
  const households = {
    exists: (k: string) => {
      // The other report commits just before this one asks whether the key is taken.
      stored = true;
      return Promise.resolve(k === key);
    },
  } as unknown as HouseholdsRepository;
  return { key, finder: new HouseholdFinder(members, households, config) };
}

describe('HouseholdFinder', () => {
  it('finds the household another report founded meanwhile instead of founding a second', async () => {
    const { key, finder } = interleaved(residentId);
    await expect(finder.find(residentId)).resolves.toEqual({
      householdKey: key,
      memberKey: key,
      known: true,
    });
  });

  it('founds a household of its own for someone whose key a household they left holds', async () => {
    const first = householdKeyOf(secret, residentId);
    const members = {
      currentHouseholdOf: () => Promise.resolve(null),
    } as unknown as HouseholdMembersRepository;
    const households = {
      exists: (k: string) => Promise.resolve(k === first),
    } as unknown as HouseholdsRepository;
    const finder = new HouseholdFinder(members, households, config);
    await expect(finder.find(residentId)).resolves.toEqual({
      householdKey: householdKeyOf(secret, residentId, 1),
      memberKey: first,
      known: false,
    });
  });
});
