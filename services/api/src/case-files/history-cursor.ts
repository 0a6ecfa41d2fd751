import { ErrorCodes } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';

/**
 * A keyset position of a list, opaque to clients: base64url of a JSON array of strings and numbers.
 * Each list says which shape its positions have; anything else is refused with a 400.
 */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

const SAFE = /^[A-Za-z0-9._:+-]{1,64}$/;

export function decodeCursor(
  text: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const fits =
    Array.isArray(parsed) &&
    parsed.length === shape.length &&
    parsed.every((v, i) =>
      shape[i] === 'number'
        ? Number.isSafeInteger(v) && (v as number) >= 0
        : typeof v === 'string' && SAFE.test(v),
    );
  if (fits) return parsed as (string | number)[];
  throw new ApiError(ErrorCodes.inputInvalid, 400, 'after is not a cursor of this list', [
    { field: 'after', rule: 'format', message: 'after must be the `next` of a page of this list' },
  ]);
}

/** An instant in a cursor: exact to the microsecond, as PostgreSQL keeps it. */
export const isInstantText = (text: string) => !Number.isNaN(Date.parse(text));

export function instantOf(text: string | number): string {
  if (typeof text === 'string' && isInstantText(text)) return text;
  throw new ApiError(ErrorCodes.inputInvalid, 400, 'after is not a cursor of this list', [
    { field: 'after', rule: 'format', message: 'after must be the `next` of a page of this list' },
  ]);
}
