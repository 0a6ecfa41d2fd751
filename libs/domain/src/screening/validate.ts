import { LabourCapacities, SectorBureaus } from '@fanpin/contracts';

import { AssuranceNames } from './assurances';
import { ScreeningEventCodes } from './figures';

/** Larger households are refused as a typing error. */
export const MaxHouseholdSize = 30;
/** Yuan: the bound the village verification form uses too, so that its figures always screen. */
export const MaxScreeningYuan = 10_000_000;

const SOURCES: readonly string[] = [...SectorBureaus, 'self-declaration', 'cadre-screening'];

type Fields = Record<string, unknown>;
/** What is wrong with the value at `path`, or null. Never the value itself. */
type Check = (value: unknown, path: string) => string | null;
interface Field {
  check: Check;
  optional?: true;
}

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const field = (must: string, ok: (value: unknown) => boolean): Field => ({
  check: (value, path) => (ok(value) ? null : `${path} must be ${must}`),
});

const oneOf = (values: readonly string[]): Field =>
  field(`one of ${values.join(', ')}`, (v) => typeof v === 'string' && values.includes(v));

const yuan = field(
  'a number of yuan from 0 to 10,000,000',
  (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MaxScreeningYuan,
);

const boolean = field('true or false', (v) => typeof v === 'boolean');

const events: Field = {
  optional: true,
  ...field(`a list of distinct events (${ScreeningEventCodes.join(', ')})`, (v) => {
    if (!Array.isArray(v) || v.length > ScreeningEventCodes.length) return false;
    const items: unknown[] = [...(v as unknown[])];
    const known = items.every((e) => ScreeningEventCodes.includes(e as never));
    return known && new Set(items).size === items.length;
  }),
};

/** Why `value` is not an object of exactly these fields; null when it is. */
function shapeProblem(value: unknown, shape: Readonly<Record<string, Field>>, path: string) {
  if (!isRecord(value)) return `${path} must be an object`;
  // An unknown key is never echoed: it is the caller's text and might carry personal data.
  const extra = Reflect.ownKeys(value).some(
    (k) => typeof k !== 'string' || !Object.hasOwn(shape, k),
  );
  if (extra) return `${path} has a field it does not take`;
  for (const [name, f] of Object.entries(shape)) {
    if (!Object.hasOwn(value, name)) {
      if (!f.optional) return `${path}.${name} is required`;
      continue;
    }
    const found = f.check(value[name], `${path}.${name}`);
    if (found) return found;
  }
  return null;
}

const assurances: Field = {
  check: (value, path) =>
    shapeProblem(value, Object.fromEntries(AssuranceNames.map((n) => [n, boolean])), path),
};

const figures: Readonly<Record<string, Field>> = {
  householdSize: field(
    `a whole number from 1 to ${MaxHouseholdSize}`,
    (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MaxHouseholdSize,
  ),
  incomePerCapita: yuan,
  lastYearIncomePerCapita: yuan,
  rigidExpenses: yuan,
  assurances,
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
