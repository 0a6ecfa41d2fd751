import { strictObject, z } from './zod';

import { CodePattern } from '../case';
import { holdsPersonalNumber } from './personal-numbers';
import { LabourCapacities } from '../codes';

/**
 * The fields forms are made of. Every check says what a value must be, never what it was: a
 * refused value may be a name or an ID number, and refusals reach logs and workflow histories.
 */

/**
 * A form's object: every field named, none more (an unknown field is refused). Named
 * (`form('Id', {…})`), it is a component of the OpenAPI document.
 */
export const form = strictObject;

/**
 * Text that matches `re` (never global or sticky). Not zod's `.regex()`: it resets the pattern's
 * `lastIndex`, a write that fails inside the workflow sandbox, whose shared modules are frozen.
 */
export function text(re: RegExp, must: string) {
  return z
    .string()
    .refine((value) => re.test(value), { error: must, params: { rule: 'format' }, abort: true })
    .meta({ pattern: re.source });
}

/** Text as a person writes it: trimmed, 1 to `max` characters, no control characters. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/[\u0000-\u001f]/.test(value), {
      error: 'must hold no control characters',
      params: { rule: 'format' },
    });

/** The largest sum of yuan a form takes: larger is a typing error. */
export const MaxYuan = 10_000_000;

/**
 * A caller's identifier: letters, digits and `._:-`, at most 64 characters, and no resident ID or
 * mobile number inside it (identifiers reach logs, workflow state and reports).
 */
export const isCode = (value: unknown): value is string =>
  typeof value === 'string' && CodePattern.test(value) && !holdsPersonalNumber(value);

const CODE_MUST =
  'must be a code (letters, digits and . _ : -, at most 64) with no ID or phone number in it';

export const code = text(CodePattern, CODE_MUST).refine((v) => !holdsPersonalNumber(v), {
  error: CODE_MUST,
  params: { rule: 'format' },
});

export const yuan = z
  .number()
  .min(0)
  .max(MaxYuan)
  .meta({ description: 'Yuan, from 0 to 10,000,000 (to the fen)' });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

const DATE_MUST = 'must be a real date written YYYY-MM-DD';
export const calendarDate = text(DATE, DATE_MUST)
  .refine(isCalendarDate, { error: DATE_MUST, params: { rule: 'format' } })
  .meta({ format: 'date', examples: ['2026-11-30'] });

/**
 * The year a household's figures are for (统计年度): the income line of that year judges them.
 * Left out, it is the year whose line was in force on the form's date.
 */
export const figuresYear = z
  .int()
  .min(2000)
  .max(2200)
  .meta({
    description:
      'The year the figures are for; left out, the year whose income line was in force on the date',
    examples: [2024],
  });

type Ctx = z.core.$RefinementCtx;

/** A problem between fields, reported on `field`. */
export function refuse(ctx: Ctx, field: string, message: string, rule = 'rule'): void {
  ctx.addIssue({ code: 'custom', path: [field], message: `${field} ${message}`, params: { rule } });
}

/** A reason code goes with the negative outcome only. */
export function reasonWith(negative: string) {
  return (body: { outcome: string; reasonCode?: string | undefined }, ctx: Ctx): void => {
    const hasReason = body.reasonCode !== undefined;
    if (body.outcome === negative && !hasReason) {
      refuse(ctx, 'reasonCode', `is required with the outcome ${negative}`, 'required');
    } else if (body.outcome !== negative && hasReason) {
      refuse(ctx, 'reasonCode', `goes with the outcome ${negative} only`, 'not-allowed');
    }
  };
}

/** A list whose items are all different. */
export function distinct<T extends z.ZodType>(item: T, max: number, min = 0) {
  return z
    .array(item)
    .min(min)
    .max(max)
    .refine((items) => new Set(items).size === items.length, {
      error: 'must not name an item twice',
      params: { rule: 'distinct' },
    });
}

/** The screening triggers of plan §4.1, numbered 1–7. */
export const trigger = z.int().min(1).max(7);
export const triggers = distinct(trigger, 7).meta({
  description: 'Screening triggers of plan §4.1 (1–7), each once',
  examples: [[2, 3]],
});

export const villageCode = text(/^\d{12}$/, 'must be a 12-digit village code').meta({
  description: '12-digit village code of 临江市',
  examples: ['220681101200'],
});

/** 两不愁三保障 and safe drinking water, as a home visit finds them: true = secured. */
export const Assurances = form({
  food: z.boolean(),
  clothing: z.boolean(),
  compulsoryEducation: z.boolean(),
  basicMedical: z.boolean(),
  safeHousing: z.boolean(),
  safeDrinkingWater: z.boolean(),
}).meta({
  id: 'Assurances',
  description: '两不愁三保障 and safe drinking water: true where secured',
});
export type Assurances = z.infer<typeof Assurances>;

/** 两不愁三保障 and drinking water all secure: every assurance the form names, true. */
export const AllSecure: Readonly<Assurances> = Object.freeze(
  Object.fromEntries(Object.keys(Assurances.shape).map((name) => [name, true])) as Assurances,
);

export const labourCapacity = z.enum(LabourCapacities);

/** Why a decision was taken, as a code (`example`: one such code). */
export const whyCode = (example: string) =>
  code.meta({ description: 'Why, as a code', examples: [example] });

/** A reason or outcome code fed back to whoever sent the case (an optional field of most forms). */
export const reasonCode = code.meta({ examples: ['INCOME_ABOVE_LINE'] });
