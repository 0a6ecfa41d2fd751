import { z } from '../forms/zod';

/**
 * Building blocks of the API's answers. An answer is a strict object: every field it may hold is
 * named, so a strict validator refuses anything more (a field that leaks is a failing contract).
 */
export const view = z.strictObject;

/** An instant as the API writes it: ISO 8601 in UTC (`Date.prototype.toISOString`). */
export const instant = z.string().meta({
  format: 'date-time',
  examples: ['2026-11-30T15:59:59.999Z'],
});

/** A division code of 临江市: the county (6 digits), a township (9) or a village (12). */
export const divisionCode = z.string().meta({
  pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$',
  examples: ['220681101200'],
});

/** A whole number counted from 0. */
export const count = z.int().min(0);

/** An opaque cursor or id to pass back for the next page: null on the last page. */
export const nextPage = <T extends z.ZodType>(of: T) =>
  of.nullable().meta({ description: 'Pass back for the next page; null on the last page' });
