import { gzipSync } from 'node:zlib';

import { encode as encodeGbk } from 'iconv-lite';

import { uniqueId } from '../support/harness';

/** A seeded source of numbers in [0, 1): the same seed gives the same run. */
export type Next = () => number;

/** mulberry32: small, fast and good enough to spread mutations; replayable by its seed. */
export function random(seed: number): Next {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(next: Next, items: readonly T[]): T =>
  items[Math.floor(next() * items.length)] as T;

/** A stable number of a text, to give each route its own stream of the run's seed. */
export function hashOf(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ (c.codePointAt(0) as number), 16777619);
  return h >>> 0;
}

const deep = (depth: number, open: string, close: string, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

/** Bodies that are not (sane) JSON documents: each route gets all of them first. */
export const rawBodies = [
  deep(8000, '[', ']'),
  `{"records":${deep(8000, '[', ']')}}`,
  deep(20, '{"a":', '}'),
  '{"alertId": ',
  '{"a":1,,}',
  'null',
  '[]',
  '""',
  '123',
  '\uFEFF{"a":1}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `{"x":"${'A'.repeat(200_000)}"}`,
  '{"x":"\\ud800"}',
  '{"x":1e999999}',
  '{"x":"\\u0000"}',
  '\u0000\u0001\u0002',
  '{'.repeat(100_000),
  `[${'1,'.repeat(30_000)}1]`,
];

/** Strings that do not belong where they are put. */
const hostileStrings = [
  '',
  ' ',
  '\u202Eevil\u0000',
  '😀'.repeat(40),
  "'; DROP TABLE cases; --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '11010519491231002X',
  '13800138000',
  '220681100200',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '-1',
  '1e999',
  'NaN',
  '__proto__',
  'health',
  'include',
  'village-verification',
];

/** Values that do not belong where they are put. */
export function hostileValue(next: Next): unknown {
  return pick<() => unknown>(next, [
    () => null,
    () => true,
    () => -1,
    () => 0,
    () => 1e308,
    () => -0,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => 0.5,
    () => pick(next, hostileStrings),
    () => 'x'.repeat(1 + Math.floor(next() * 70_000)),
    () => [],
    () => [1, 'two', null],
    () => Array.from({ length: 1 + Math.floor(next() * 3000) }, (_, i) => i),
    () => ({}),
    () => ({ nested: { deeper: [{}] } }),
    () => deep(15, '[', ']', '0'),
  ])();
}

type Place = (string | number)[];

/** Every place in a JSON value, the whole first: object keys and array indexes, depth first. */
export function placesOf(value: unknown, at: Place = []): Place[] {
  const inner =
    Array.isArray(value) || (typeof value === 'object' && value !== null)
      ? Object.entries(value).flatMap(([key, v]) =>
          placesOf(v, [...at, Array.isArray(value) ? Number(key) : key]),
        )
      : [];
  return [at, ...inner];
}

/** The objects of a JSON value (not arrays), with their places: where an unknown key can go. */
export function objectPlacesOf(value: unknown): Place[] {
  return placesOf(value).filter((place) => {
    const found = at(value, place);
    return typeof found === 'object' && found !== null && !Array.isArray(found);
  });
}

function at(value: unknown, place: Place): unknown {
  return place.reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], value);
}

/** The value with the place set (undefined: removed). */
function withAt(value: unknown, place: Place, to: unknown): unknown {
  if (place.length === 0) return to;
  const parent = at(value, place.slice(0, -1)) as Record<string | number, unknown>;
  const key = place.at(-1) as string | number;
  if (to !== undefined) parent[key] = to;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return value;
}

/** What a value turns into when its type is mistaken: the same content, another JSON type. */
function confused(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return Number(value) || [value];
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (Array.isArray(value)) return value[0] ?? {};
  return [value];
}

/** One change at a random place of the body, nested ones included. */
function change(body: unknown, next: Next): unknown {
  const place = pick(next, placesOf(body));
  const current = at(body, place);
  const roll = next();
  if (roll < 0.4) return withAt(body, place, hostileValue(next));
  if (roll < 0.6) return place.length === 0 ? hostileValue(next) : withAt(body, place, undefined);
  if (roll < 0.75) return withAt(body, place, confused(current));
  if (roll < 0.82 && Array.isArray(current) && current.length > 0) {
    // A long array of the same element: batches of many records, many measures.
    const first: unknown = current[0];
    const copies = 1 + Math.floor(next() * 2000);
    return withAt(
      body,
      place,
      Array.from({ length: copies }, () => first),
    );
  }
  if (roll < 0.9 && typeof current === 'string') {
    return withAt(body, place, current + pick(next, ['\u0000', ' ', '\n', '😀', 'x'.repeat(300)]));
  }
  const objects = objectPlacesOf(body);
  if (objects.length === 0) return body;
  const target = pick(next, objects);
  const key = pick(next, ['__proto__', 'constructor', 'extra', 'isAdmin', 'role', '']);
  (at(body, target) as Record<string, unknown>)[key] = hostileValue(next);
  return body;
}

/** A body near a valid one: one to three changes anywhere in it, nested fields included. */
export function mutateJson(seed: unknown, next: Next): unknown {
  let body: unknown = structuredClone(seed ?? {});
  const changes = 1 + Math.floor(next() * 3);
  for (let i = 0; i < changes; i++) body = change(body, next);
  return body;
}

/** An id as `uniqueId` makes them: a client chooses these, so each request gets new ones. */
const CLIENT_ID = /^([A-Za-z]+)-[0-9a-f]{12}$/;

/** The value with every client-chosen id (`PREFIX-` and 12 hex digits) replaced by a new one. */
export function freshIds<T>(value: T): T {
  if (typeof value === 'string') {
    const match = CLIENT_ID.exec(value);
    return (match ? uniqueId(match[1] as string) : value) as T;
  }
  if (Array.isArray(value)) return value.map(freshIds) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freshIds(v)])) as T;
  }
  return value;
}

/** Whether a string is a client-chosen id that freshIds renews. */
export const isClientId = (value: string): boolean => CLIENT_ID.test(value);

/** A CSV text as cells, one array a line (no quoting: the seed's cells hold none). */
const cellsOf = (csv: string): string[][] =>
  csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => line.split(','));

const hostileCells = [
  '"',
  '"a""b',
  '"multi\nline"',
  'a,b',
  ';;;',
  ' 2 ; 5 ',
  '99',
  '\u0000',
  'x'.repeat(70_000),
  '1,000,000',
  '-5',
  '=cmd|"/c calc"!A1',
  ...hostileStrings,
];

/** One change to a CSV: a cell, a column, a line, the header, or the quoting. */
function changeCsv(rows: string[][], next: Next): string[][] {
  if (rows.length === 0) return [[pick(next, hostileCells)]];
  const line = Math.floor(next() * rows.length);
  const row = rows[line] as string[];
  const column = Math.floor(next() * row.length);
  const roll = next();
  if (roll < 0.45) row[column] = pick(next, hostileCells);
  else if (roll < 0.55) row.splice(column, 1);
  else if (roll < 0.62) row.push(pick(next, hostileCells));
  else if (roll < 0.7) rows.forEach((r) => r.reverse());
  else if (roll < 0.76) rows.splice(line, 1);
  else if (roll < 0.82) {
    const copies = 1 + Math.floor(next() * 3000);
    rows.push(...Array.from({ length: copies }, () => [...(rows.at(-1) as string[])]));
  } else if (roll < 0.88) {
    const header = rows[0] as string[];
    header[column] = pick(next, ['预警编号', 'ALERTID', 'alertId', '', ' name ', 'extra']);
  } else rows.splice(1 + Math.floor(next() * rows.length), 0, [pick(next, hostileCells)]);
  return rows;
}

/** A CSV body near a valid one, with the media type it is sent as. */
export function mutateCsv(seed: string, next: Next): { body: Buffer; contentType: string } {
  let rows = cellsOf(seed);
  const changes = 1 + Math.floor(next() * 3);
  for (let i = 0; i < changes; i++) rows = changeCsv(rows, next);
  const text = rows.map((r) => r.join(',')).join(pick(next, ['\n', '\r\n', '\r', '\n\n']));
  const roll = next();
  if (roll < 0.15) return { body: encodeGbk(text, 'gbk'), contentType: 'text/csv; charset=gbk' };
  if (roll < 0.25) return { body: encodeGbk(text, 'gbk'), contentType: 'text/csv' };
  if (roll < 0.3) return { body: Buffer.from(text, 'utf16le'), contentType: 'text/csv' };
  if (roll < 0.35) {
    return { body: Buffer.from(text), contentType: 'text/csv; charset=latin1' };
  }
  if (roll < 0.4) {
    return {
      body: Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(text)]),
      contentType: 'text/csv',
    };
  }
  const bom = roll < 0.6 ? '\uFEFF' : '';
  return {
    body: Buffer.from(bom + text),
    contentType: pick(next, ['text/csv', 'TEXT/CSV; charset=utf-8']),
  };
}

/** Path segments that are not what a route's parameter holds, each as sent on the wire. */
export function hostileSegment(valid: string, next: Next): string {
  return pick<() => string>(next, [
    () => '',
    () => '.',
    () => '..',
    () => '%2e%2e',
    () => '%zz',
    () => '%E0%A4%A',
    () => '%00',
    () => encodeURIComponent('a/b'),
    () => encodeURIComponent(`${valid} `),
    () => encodeURIComponent(valid.toUpperCase()),
    () => encodeURIComponent(valid.slice(0, -1)),
    () => encodeURIComponent(`${valid}0`),
    () => 'x'.repeat(3000),
    () => encodeURIComponent(pick(next, hostileStrings)),
    () => '__proto__',
    () => 'constructor',
  ])();
}

/** A query string that no route documents, or a documented one with values it must refuse. */
export function hostileQuery(documented: readonly string[], next: Next): string {
  const unknown = ['x', '__proto__[polluted]', 'constructor.prototype.x', 'limit'];
  const pairs = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    // Mostly the route's own parameters, so that their values are what gets refused.
    const name = pick(next, documented.length > 0 && next() < 0.8 ? documented : unknown);
    const value = pick<() => string>(next, [
      () => encodeURIComponent(String(hostileValue(next)).slice(0, 2000)),
      () => '%zz',
      () => '',
      () => '-1',
      () => '1e999',
      () => 'true',
      () => '2026-02-30T00:00:00Z',
    ])();
    return pick(next, [`${name}=${value}`, `${name}[]=${value}`, `${name}[a]=${value}`, name]);
  });
  return pairs.join('&');
}

/** Headers a route reads, set to values it must cope with; the body may be re-encoded to fit. */
export function hostileHeaders(
  body: string,
  documented: readonly string[],
  next: Next,
): { headers: Record<string, string>; body: string | Buffer } {
  return pick<() => { headers: Record<string, string>; body: string | Buffer }>(next, [
    () => ({
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from(body, 'utf16le'),
    }),
    () => ({ headers: { 'content-type': 'application/json; charset=latin1' }, body }),
    () => ({ headers: { 'content-type': 'application/json; charset="UTF-8"' }, body }),
    () => ({ headers: { 'content-type': 'APPLICATION/JSON' }, body }),
    () => ({
      headers: {
        'content-type': pick(next, [
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          ';;;',
          'application/json, text/csv',
          'text/csv',
        ]),
      },
      body,
    }),
    () => ({ headers: {}, body }),
    () => ({
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(body),
    }),
    () => ({ headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body }),
    () => ({
      headers: {
        'content-type': 'application/json',
        'content-encoding': pick(next, ['br', 'zstd', 'identity, gzip', 'x']),
      },
      body,
    }),
    () => ({
      headers: {
        'content-type': 'application/json',
        'x-correlation-id': pick(next, ['', 'x'.repeat(5000), '../../x', 'short', 'a'.repeat(64)]),
      },
      body,
    }),
    () => ({
      headers: {
        'content-type': 'application/json',
        cookie: pick(next, ['fanpin_session=x', '=;;=', 'a'.repeat(4000)]),
      },
      body,
    }),
    ...documented.map((name) => () => ({
      headers: {
        'content-type': 'application/json',
        [name]: pick(next, ['', 'default', 'x'.repeat(4000), '../other', '__proto__']),
      },
      body,
    })),
  ])();
}

/** An access token that must not be taken: garbled, of another scheme, or empty. */
export function hostileAuthorization(token: string, next: Next): string {
  return pick(next, [
    `Bearer ${token.slice(0, -2)}xx`,
    `Bearer ${token.split('.').slice(0, 2).join('.')}.`,
    `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    'Bearer',
    'Bearer ',
    `Bearer ${token} ${token}`,
    `bearer ${'x'.repeat(8000)}`,
  ]);
}
