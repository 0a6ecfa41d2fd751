import type { Assurances } from '@fanpin/contracts';

/** Every assurance, once: the compiler refuses this object if the contract gains or loses one. */
const every: Record<keyof Assurances, null> = {
  food: null,
  clothing: null,
  compulsoryEducation: null,
  basicMedical: null,
  safeHousing: null,
  safeDrinkingWater: null,
};

/** 两不愁 (food, clothing), 三保障 (education, medical care, housing) and drinking water, in order. */
export const AssuranceNames = Object.freeze(Object.keys(every) as (keyof Assurances)[]);
