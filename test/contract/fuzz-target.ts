import type { Scenario } from './scenario';
import { isSecured, type DocumentedOperation, type OpenApiDocument } from './document';
import {
  freshIds,
  hostileAuthorization,
  hostileHeaders,
  hostileQuery,
  hostileSegment,
  isClientId,
  mutateCsv,
  mutateJson,
  rawBodies,
  type Next,
} from './fuzz';
import type { RawAnswer, RawRequest } from './http';
import { genericCall, validCalls, validCsvBodies } from './valid-calls';

/** A route to fuzz: its operation, and a valid call of it to start each request from. */
export interface Target {
  op: DocumentedOperation;
  /** The valid call's path parameters, by name. */
  params: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  /** The valid call's JSON body; undefined for a route that takes none. */
  body: unknown;
  csv?: string;
}

export interface Sent {
  what: string;
  request: RawRequest;
}

/**
 * A batch takes its records one by one: a record with a field it does not know is refused as its
 * line of the batch (see /rejections) while the batch itself is received.
 */
export function everyLineRefused(answer: RawAnswer): boolean {
  const batch = answer.json as { total?: unknown; rejected?: unknown } | undefined;
  return (
    answer.status === 202 && typeof batch?.total === 'number' && batch.rejected === batch.total
  );
}

/** Runs `work` on every item, `width` at a time. */
export async function inPool<T>(
  items: T[],
  width: number,
  work: (item: T, i: number) => Promise<void>,
) {
  let taken = 0;
  const worker = async () => {
    while (taken < items.length) {
      const i = taken++;
      await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** The route's valid call, taken apart to be changed; or why there is none. */
export async function targetOf(
  scenario: Scenario,
  op: DocumentedOperation,
): Promise<Target | string> {
  const make = validCalls[op.key];
  const roles = isSecured(op.operation) ? (op.operation['x-roles'] ?? []) : undefined;
  const valid = make
    ? await make(scenario, op.path)
    : await genericCall(
        scenario,
        op.path,
        op.method,
        roles,
        op.operation.requestBody !== undefined,
      );
  if (!valid) return 'no valid call: add one to test/contract/valid-calls.ts';
  if (valid.role !== null && !roles?.includes(valid.role)) {
    return `${valid.role} is not among its x-roles`;
  }
  const takesCsv = op.operation.requestBody?.content['text/csv'] !== undefined;
  const csv = validCsvBodies[op.key]?.(scenario);
  if (takesCsv && csv === undefined) {
    return 'takes text/csv, but has no valid CSV body in test/contract/valid-calls.ts';
  }
  const [pathname, query = ''] = valid.request.url.split('?') as [string, string?];
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const pattern = new RegExp(`^${op.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
  const values = pattern.exec(pathname)?.slice(1) ?? [];
  const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i] ?? '')]));
  const text = valid.request.body?.toString();
  return {
    op,
    params,
    query,
    headers: { ...valid.request.headers },
    body: text ? (JSON.parse(text) as unknown) : undefined,
    ...(csv === undefined ? {} : { csv }),
  };
}

/** The route's URL with new client-chosen ids, one parameter replaced when `hostile` says. */
export function urlOf(
  target: Target,
  hostile?: { name: string; segment: string },
  query = target.query,
) {
  const path = target.op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (hostile?.name === name) return hostile.segment;
    const value = target.params[name] as string;
    return encodeURIComponent(isClientId(value) ? freshIds(value) : value);
  });
  return query ? `${path}?${query}` : path;
}

/** A request of the route with this JSON body (none when undefined) and its valid headers. */
export function requestOf(target: Target, body: unknown, url = urlOf(target)): RawRequest {
  const headers: Record<string, string> = { ...target.headers, 'content-type': 'application/json' };
  if (body === undefined) delete headers['content-type'];
  return {
    method: target.op.method,
    url,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) ?? 'undefined' }),
  };
}

const parametersIn = (target: Target, where: 'query' | 'header') =>
  (target.op.operation.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);

type Make = (target: Target, valid: unknown, next: Next) => Sent;

/** A body near the valid one: the most of the requests. */
const bodyRequest: Make = (target, valid, next) => {
  const body = mutateJson(valid, next);
  return { what: `body ${JSON.stringify(body)?.slice(0, 160)}`, request: requestOf(target, body) };
};

/** A CSV batch near the valid one, in one of the encodings and media types a bureau may send. */
const csvRequest: Make = (target, _valid, next) => {
  const { body, contentType } = mutateCsv(freshIds(target.csv as string), next);
  const request = { ...requestOf(target, {}), body };
  request.headers = { ...request.headers, 'content-type': contentType };
  return { what: `csv ${contentType} ${body.toString('latin1').slice(0, 120)}`, request };
};

/** The valid body at a path whose parameter is not what the route takes. */
const pathRequest: Make = (target, valid, next) => {
  const names = Object.keys(target.params);
  const name = names[Math.floor(next() * names.length)] as string;
  const segment = hostileSegment(target.params[name] as string, next);
  const url = urlOf(target, { name, segment });
  return { what: `path ${name}=${segment.slice(0, 80)}`, request: requestOf(target, valid, url) };
};

/** The valid body with a query string the route does not document, or values it must refuse. */
const queryRequest: Make = (target, valid, next) => {
  const query = hostileQuery(parametersIn(target, 'query'), next);
  const url = urlOf(target, undefined, query);
  return { what: `query ${query.slice(0, 120)}`, request: requestOf(target, valid, url) };
};

/** Headers the API reads (media type, charset, encoding, correlation id, documented ones). */
const headersRequest: Make = (target, valid, next) => {
  const body = next() < 0.5 ? valid : mutateJson(valid, next);
  const sent = hostileHeaders(JSON.stringify(body ?? {}), parametersIn(target, 'header'), next);
  const request = requestOf(target, {});
  const headers: Record<string, string> = { ...request.headers };
  delete headers['content-type'];
  return {
    what: `headers ${JSON.stringify(sent.headers).slice(0, 120)}`,
    request: { ...request, headers: { ...headers, ...sent.headers }, body: sent.body },
  };
};

/** The valid body with a garbled or foreign credential. */
const authorizationRequest: Make = (target, valid, next) => {
  const token = (target.headers.authorization ?? '').replace(/^Bearer /, '');
  const authorization = hostileAuthorization(token, next);
  const request = requestOf(target, valid);
  request.headers = { ...request.headers, authorization };
  return { what: `authorization ${authorization.slice(0, 40)}`, request };
};

/** What each request changes, how often, and on which routes. */
const KINDS: { weight: number; applies: (t: Target) => boolean; make: Make }[] = [
  { weight: 60, applies: () => true, make: bodyRequest },
  { weight: 25, applies: (t) => t.csv !== undefined, make: csvRequest },
  { weight: 8, applies: (t) => Object.keys(t.params).length > 0, make: pathRequest },
  { weight: 6, applies: () => true, make: queryRequest },
  { weight: 12, applies: () => true, make: headersRequest },
  { weight: 4, applies: (t) => t.headers.authorization !== undefined, make: authorizationRequest },
];

/** The i-th hostile request of a route: raw bodies first, then changes to its valid call. */
export function hostileRequest(target: Target, i: number, next: Next): Sent {
  if (i < rawBodies.length) {
    const body = rawBodies[i] as string;
    return { what: `raw ${body.slice(0, 80)}`, request: { ...requestOf(target, {}), body } };
  }
  const kinds = KINDS.filter((k) => k.applies(target));
  let roll = next() * kinds.reduce((sum, k) => sum + k.weight, 0);
  const kind = kinds.find((k) => (roll -= k.weight) < 0) ?? kinds[0];
  return (kind as (typeof KINDS)[number]).make(target, freshIds(target.body), next);
}

/** A request of a read with a hostile query string, its token and path as its valid call's. */
export function hostileQueryRequest(target: Target, i: number, next: Next): Sent {
  const query = hostileQuery(parametersIn(target, 'query'), next);
  return {
    what: `#${i} query ${query.slice(0, 120)}`,
    request: requestOf(target, undefined, urlOf(target, undefined, query)),
  };
}

/**
 * Where the document lets a caller read back what a write stored: a GET of the same resource (a
 * batch), or of the path and an id the answer names (an alert by its alertId); null otherwise.
 */
export function readBackUrl(
  document: OpenApiDocument,
  op: DocumentedOperation,
  url: string,
  answer: unknown,
): string | null {
  const pathname = url.split('?')[0] as string;
  // A resource at the write's own URL (PUT /things/{id}); a collection's GET lists, it does not read.
  if (/\}$/.test(op.path) && document.paths[op.path]?.get) return pathname;
  for (const [path, item] of Object.entries(document.paths)) {
    const name = /^(.*)\/\{(\w+)\}$/.exec(path);
    if (!item.get || !name || name[1] !== op.path) continue;
    const id = (answer as Record<string, unknown> | undefined)?.[name[2] as string];
    if (typeof id === 'string') return `${pathname}/${encodeURIComponent(id)}`;
  }
  return null;
}
