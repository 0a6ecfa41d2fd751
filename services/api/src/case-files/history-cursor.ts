import { invalidField } from '../errors/api-error';

/**
 * A keyset position of a list, opaque to clients: base64url of a JSON array. Each list says what
 * its positions hold; anything else is refused with a 400 before it reaches a query.
 */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

const Parts = {
  /** An instant as PostgreSQL keeps it (to the microsecond), in UTC. */
  instant: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  village: /^\d{12}$/,
  // Codes and step ids: a responsible unit's part (part-<measure>-<unit>) reaches 97 characters.
  code: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
} as const;
export type CursorPart = keyof typeof Parts | 'int';

function fits(value: unknown, part: CursorPart): boolean {
  if (part === 'int') return Number.isSafeInteger(value) && (value as number) >= 0;
  return (
    typeof value === 'string' &&
    Parts[part].test(value) &&
    (part !== 'instant' || !Number.isNaN(Date.parse(value)))
  );
}

export function decodeCursor(text: string, shape: readonly CursorPart[]): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === shape.length &&
    parsed.every((v, i) => fits(v, shape[i] as CursorPart))
  ) {
    return parsed as (string | number)[];
  }
  throw invalidField(
    'after',
    'after must be the `next` of a page of this list',
    'after is not a cursor of this list',
  );
}

/**
 * A page of a keyset-paged list: the rows after the query's `after` (of this list's `shape`), at
 * most its `limit`, and the `next` that reads on (null on the last page). One row more than the
 * page is read, to know whether another page follows.
 */
export async function keysetPage<R>(
  q: { after?: string; limit?: number },
  shape: readonly CursorPart[],
  read: (after: (string | number)[] | null, limit: number) => Promise<R[]>,
  positionOf: (last: R) => readonly (string | number)[],
  defaultLimit = 100,
): Promise<{ rows: R[]; next: string | null }> {
  const limit = q.limit ?? defaultLimit;
  const after = q.after === undefined ? null : decodeCursor(q.after, shape);
  const rows = await read(after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
