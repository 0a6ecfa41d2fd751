import { strictObject, z } from '../forms/zod';

/**
 * Building blocks of the API's answers. An answer is a strict object: every field it may hold is
 * named, so a strict validator refuses anything more (a field that leaks is a failing contract).
 * Named (`view('Id', {…})`), it is a component of the OpenAPI document.
 */
export const view = strictObject;

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

/** A head's resident ID as lists show it: masked. */
export const residentIdMasked = z.string().meta({
  description: "The head's resident ID, masked: first 6 and last 4 characters",
  examples: ['220681********002X'],
});

/** A whole number counted from 0. */
export const count = z.int().min(0);

/** An opaque cursor or id to pass back for the next page: null on the last page. */
export const nextPage = <T extends z.ZodType>(of: T) =>
  of.nullable().meta({ description: 'Pass back for the next page; null on the last page' });

/** The cursor of a list paged forward: null on the last page. */
export const afterCursor = z
  .string()
  .nullable()
  .meta({ description: 'Pass as `after` for the next page' });

/** A page of a list paged forward: its items under `key`, in the `order` it says. */
export const pageAfter = <K extends string, T extends z.ZodType>(key: K, of: T, order: string) =>
  view({ [key]: z.array(of).meta({ description: order }), next: afterCursor } as {
    [P in K]: z.ZodArray<T>;
  } & { next: typeof afterCursor });

/** A page of a list newest first, paged back by the id to pass as `before`. */
export const newestFirst = <K extends string, T extends z.ZodType>(key: K, of: T) =>
  view({
    [key]: z.array(of).meta({ description: 'Newest first' }),
    next: z.int().min(1).nullable().meta({ description: 'Pass as `before` for the next page' }),
  } as { [P in K]: z.ZodArray<T> } & { next: z.ZodNullable<z.ZodInt> });

/** A staff password chosen anew: the rules of a new account. */
export const newPassword = z
  .string()
  .min(12)
  .max(128)
  .meta({ description: '12 to 128 characters, as for a new account' });
