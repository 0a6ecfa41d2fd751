import { CodePattern } from '@fanpin/contracts';

import { holdsPersonalNumber } from './personal-data';

import { AssuranceNames } from './screening/assurances';

/**
 * Shapes: what each field of a form must be, checked without trusting the form. Messages name the
 * field, never the value (it may be personal data). Shared by the task forms and the screening
 * figures.
 */

export const MAX_YUAN = 10_000_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Field {
  /** What is wrong with the value at `path`, or null. */
  problem: (value: unknown, path: string) => string | null;
  optional?: true;
}
export type Shape = Readonly<Record<string, Field>>;
export type Fields = Record<string, unknown>;

/**
 * An object, not an array or null. Only its own keys are read, so a borrowed prototype (`__proto__`
 * in an object literal, Object.create) adds nothing, and a `__proto__` key of JSON is an extra key.
 */
export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A caller's identifier: letters, digits and `._:-`, at most 64 characters, and no resident ID or
 * mobile number inside it (identifiers reach logs, workflow state and reports).
 */
export const isCode = (value: unknown): value is string =>
  typeof value === 'string' && CodePattern.test(value) && !holdsPersonalNumber(value);

const isYuan = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_YUAN;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: unknown): value is string {
  const parts = typeof value === 'string' ? DATE.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = parts.slice(1).map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** An array of at most `max` distinct items, each `ok` (holes count as undefined). */
export function distinctList(max: number, ok: (item: unknown) => boolean) {
  return (value: unknown): boolean => {
    if (!Array.isArray(value) || value.length > max) return false;
    const items: unknown[] = [...(value as unknown[])];
    return items.every(ok) && new Set(items).size === items.length;
  };
}

export const field = (must: string, ok: (value: unknown) => boolean): Field => ({
  problem: (value, path) => (ok(value) ? null : `${path} must be ${must}`),
});
export const optional = (f: Field): Field => ({ ...f, optional: true });
export const oneOf = (values: readonly string[]): Field =>
  field(`one of ${values.join(', ')}`, (v) => values.includes(v as string));
export const yuan = field('a number of yuan from 0 to 10,000,000', isYuan);
export const date = field('a real date written YYYY-MM-DD', isCalendarDate);
export const CODE = 'a code (letters, digits and . _ : -)';
export const code = field(CODE, isCode);
export const boolean = field('true or false', (v) => typeof v === 'boolean');

/** Why `value` does not fit `shape`: extra, missing or malformed fields; null when it fits. */
export function shapeProblem(value: unknown, shape: Shape, path: string): string | null {
  if (!isRecord(value)) return `${path} must be an object`;
  // An unknown key is never echoed: it is the caller's text and might carry personal data.
  const extra = Reflect.ownKeys(value).some(
    (k) => typeof k !== 'string' || !Object.hasOwn(shape, k),
  );
  if (extra) return `${path} has a field it does not take`;
  for (const [name, f] of Object.entries(shape)) {
    const found = Object.hasOwn(value, name)
      ? f.problem(value[name], `${path}.${name}`)
      : f.optional
        ? null
        : `${path}.${name} is required`;
    if (found) return found;
  }
  return null;
}

export const nested = (shape: Shape): Field => ({
  problem: (value, path) => shapeProblem(value, shape, path),
});

/** 两不愁三保障 and safe drinking water: each true or false. */
export const assurances: Shape = Object.fromEntries(AssuranceNames.map((name) => [name, boolean]));
