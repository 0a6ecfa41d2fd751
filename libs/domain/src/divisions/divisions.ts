import type { DivisionCodes } from '@fanpin/contracts';

import rows from './linjiang-divisions.json';

/** One administrative division of 临江市 (National Bureau of Statistics codes, 2023). */
export interface Division {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  parent: string;
}

const byCode = new Map<string, Division>((rows as Division[]).map((row) => [row.code, row]));

/** The county this deployment serves: 临江市. */
export const COUNTY_CODE = '220681';

export function findDivision(code: string): Division | undefined {
  return byCode.get(code);
}

/** Village and township codes of a known 12-digit village code, or undefined when unknown. */
export function divisionsOfVillage(villageCode: string): DivisionCodes | undefined {
  const village = byCode.get(villageCode);
  if (village?.level !== 'village') {
    return undefined;
  }
  const township = byCode.get(village.parent);
  if (township?.level !== 'township') {
    return undefined;
  }
  return { countyCode: township.parent, townshipCode: township.code, villageCode };
}

export function allDivisions(): readonly Division[] {
  return [...byCode.values()];
}
