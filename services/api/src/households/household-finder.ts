import { Inject, Injectable } from '@nestjs/common';

import {
  HouseholdMembersRepository,
  HouseholdsRepository,
  type Queryable,
} from '@fanpin/persistence';

import { API_CONFIG, type ApiConfig } from '../settings';
import { householdKeyOf } from './household-key';

/** The household a report about a person belongs to. */
export interface FoundHousehold {
  householdKey: string;
  /** The person's member key (the keyed hash of their resident ID). */
  memberKey: string;
  /** Whether the person is a current member of a stored household (else the key is a new one's). */
  known: boolean;
}

/** How many founding keys of one person are tried before giving up: far more than a life holds. */
const MaxFoundings = 64;

/**
 * Finds a person's household through its members: whoever a report names (the head, a patient,
 * a student), a current member leads to their household, so that one household has one case.
 * Someone who belongs to no household is the head of a new one, keyed by their hash (or, when a
 * household they have left already holds that key, by their next founding key).
 */
@Injectable()
export class HouseholdFinder {
  constructor(
    private readonly members: HouseholdMembersRepository,
    private readonly households: HouseholdsRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  memberKeyOf(residentId: string): string {
    return householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, residentId);
  }

  async find(residentId: string, db?: Queryable): Promise<FoundHousehold> {
    const memberKey = this.memberKeyOf(residentId);
    for (let founding = 0; founding < MaxFoundings; founding++) {
      // Asked again before each later founding: a report about the same new person, stored
      // meanwhile by another request, made them the head of the household that key names.
      const current = await this.members.currentHouseholdOf(memberKey, db);
      if (current) return { householdKey: current, memberKey, known: true };
      const key = householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, residentId, founding);
      if (!(await this.households.exists(key, db))) {
        return { householdKey: key, memberKey, known: false };
      }
    }
    throw new Error('no free household key for a person after many foundings');
  }

  /** For many people at once (a batch): the households of the current members among them. */
  currentHouseholds(memberKeys: string[]): Promise<Map<string, string>> {
    return this.members.currentHouseholdsOf(memberKeys);
  }

  /** The first of the person's household keys that no stored household holds. */
  async newKey(residentId: string, db?: Queryable): Promise<string> {
    for (let founding = 0; founding < MaxFoundings; founding++) {
      const key = householdKeyOf(this.config.HOUSEHOLD_KEY_SECRET, residentId, founding);
      if (!(await this.households.exists(key, db))) return key;
    }
    throw new Error('no free household key for a person after many foundings');
  }
}
