import { LabourCapacities, SectorBureaus } from '@fanpin/contracts';

import {
  MAX_YUAN,
  assurances,
  boolean,
  distinctList,
  field,
  nested,
  oneOf,
  optional,
  shapeProblem,
  yuan,
  type Shape,
} from '../shape';
import { ScreeningEventCodes } from './figures';

/** Larger households are refused as a typing error. */
export const MaxHouseholdSize = 30;
/** Yuan: the bound the village verification form uses too, so that its figures always screen. */
export const MaxScreeningYuan = MAX_YUAN;

const SOURCES: readonly string[] = [...SectorBureaus, 'self-declaration', 'cadre-screening'];

const events = optional(
  field(
    `a list of distinct events (${ScreeningEventCodes.join(', ')})`,
    distinctList(ScreeningEventCodes.length, (e) => ScreeningEventCodes.includes(e as never)),
  ),
);

const figures: Shape = {
  householdSize: field(
    `a whole number from 1 to ${MaxHouseholdSize}`,
    (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MaxHouseholdSize,
  ),
  incomePerCapita: yuan,
  lastYearIncomePerCapita: yuan,
  rigidExpenses: yuan,
  assurances: nested(assurances),
  labourCapacity: oneOf(LabourCapacities),
  liftedOutOfPoverty: boolean,
  events,
  source: oneOf(SOURCES),
};

/**
 * Why `value` is not a household's screening figures, or null when it is. The message names the
 * field (`figures.householdSize must be …`) and never echoes a value or an unknown key.
 */
export function screeningFiguresProblem(value: unknown): string | null {
  return shapeProblem(value, figures, 'figures');
}
