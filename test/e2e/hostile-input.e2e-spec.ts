import { TestSystem } from '../support/harness';
import {
  isSecured,
  operationsOf,
  type DocumentedOperation,
  type OpenApiDocument,
} from '../contract/document';
import { codeProblem } from '../contract/error-codes';
import {
  freshIds,
  hashOf,
  hostileAuthorization,
  hostileHeaders,
  hostileQuery,
  hostileSegment,
  isClientId,
  mutateCsv,
  mutateJson,
  objectPlacesOf,
  random,
  rawBodies,
  type Next,
} from '../contract/fuzz';
import { send, type RawAnswer, type RawRequest } from '../contract/http';
import { Scenario } from '../contract/scenario';
import { genericCall, validCalls, validCsvBodies } from '../contract/valid-calls';

/** A route to fuzz: its operation, and a valid call of it to start each request from. */
interface Target {
  op: DocumentedOperation;
  /** The valid call's path parameters, by name. */
  params: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  /** The valid call's JSON body; undefined for a route that takes none. */
  body: unknown;
  csv?: string;
}

interface Sent {
  what: string;
  request: RawRequest;
}

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The contract's scenario, but every case a valid call acts on is the first one: the fuzz needs
 * real resources to send its requests to, not a case walked to its notice or to risk eliminated
 * (the contract test calls those; walking them here would cost most of this suite's time).
 */
class FuzzScenario extends Scenario {
  override caseInNotice() {
    return this.firstCase();
  }
  override readonly eliminatedCase = () => this.firstCase();
}

/**
 * Hostile input against every write route the OpenAPI document names, each started from the
 * route's valid call (test/contract/valid-calls.ts): bodies mutated anywhere in their tree, CSV
 * batches, path parameters, query strings and headers. Every answer is a documented success or a
 * refusal with a catalogued code that the route documents for its status; never a 5xx. Ids a
 * client chooses are new in each request, so that each body is read rather than answered as a
 * conflict. FUZZ_SEED replays a run.
 */
describe('hostile input', () => {
  const seed = Number(process.env.FUZZ_SEED ?? 20_240_024);
  /** Requests per write route; GET routes with a query get a quarter of it. */
  const PER_ROUTE = 160;
  /** Requests in flight at once. */
  const IN_FLIGHT = 4;
  let t: TestSystem;
  let document: OpenApiDocument;
  const targets: Target[] = [];
  const accepted: { target: Target; request: RawRequest; answer: RawAnswer }[] = [];

  beforeAll(async () => {
    process.stdout.write(`hostile input: FUZZ_SEED=${seed} replays this run\n`);
    t = await TestSystem.start('hostile-input', {
      // Sign-in bodies are read, not throttled away: the limits have suites of their own.
      api: { RATE_LIMIT_PUBLIC_REQUESTS: '1000000', AUTH_MAX_FAILED_LOGINS_PER_ADDRESS: '100000' },
    });
    const served = await t.http<OpenApiDocument>('api', 'GET', '/docs/openapi.json');
    expect(served.status).toBe(200);
    document = served.body;
  });

  afterAll(async () => {
    await t?.stop();
  });

  const base = () => t.system.services.api.url;

  it('starts every write route the document names from a valid call, as a role it allows', async () => {
    const scenario = new FuzzScenario(t);
    const missing: string[] = [];
    const writes = operationsOf(document).filter((o) => WRITES.includes(o.method));
    // Failed sign-ins lock the account they name: the public routes go last.
    writes.sort((a, b) => Number(isSecured(b.operation)) - Number(isSecured(a.operation)));
    // Made at once: the states they need (a case in its notice, one risk-eliminated) take a while.
    const made = await Promise.all(writes.map((op) => targetOf(scenario, op)));
    made.forEach((target, i) => {
      if (typeof target === 'string') missing.push(`${writes[i]?.key}: ${target}`);
      else targets.push(target);
    });
    expect(missing).toEqual([]);
    expect(targets.length).toBeGreaterThanOrEqual(10);
  }, 240_000);

  it('refuses a body with a field it does not know with 400, at every level, on every write route', async () => {
    const accepted: string[] = [];
    for (const target of targets) {
      const body = freshIds(target.body ?? {});
      for (const place of objectPlacesOf(body)) {
        const changed = structuredClone(body);
        place.reduce<Record<string, unknown>>((v, k) => v[k] as never, changed as never).zzUnknown =
          1;
        const answer = await send(base(), requestOf(target, changed));
        const where = place.join('.') || 'the body';
        if (answer.status !== 400 && !everyLineRefused(answer)) {
          accepted.push(
            `${target.op.key} (${where}): ${answer.status} ${answer.text.slice(0, 160)}`,
          );
        }
      }
    }
    expect(accepted).toEqual([]);
  }, 120_000);

  it('answers hostile requests to every write route with a documented code, never a 5xx', async () => {
    const problems: string[] = [];
    for (const target of targets) {
      const statuses = await fuzz(target, PER_ROUTE, hostileRequest, problems);
      const count = (test: (s: number) => boolean) =>
        [...statuses].filter(([s]) => test(s)).reduce((n, [, c]) => n + c, 0);
      // Read, not waved away: many bodies refused as input, and conflicts of reused ids rare.
      if (count((s) => [400, 413, 415, 422].includes(s)) < PER_ROUTE * 0.3) {
        problems.push(`${target.op.key}: too few refused as input`);
      }
      if (count((s) => s === 409) > PER_ROUTE * 0.2) problems.push(`${target.op.key}: mostly 409`);
    }
    expect({ seed, problems: problems.slice(0, 40), count: problems.length }).toEqual({
      seed,
      problems: [],
      count: 0,
    });
  }, 600_000);

  it('answers hostile query strings of every read that takes one, and refuses an unknown key', async () => {
    const scenario = new FuzzScenario(t);
    const problems: string[] = [];
    const reads = operationsOf(document).filter(
      (o) => o.method === 'GET' && (o.operation.parameters ?? []).some((p) => p.in === 'query'),
    );
    for (const op of reads) {
      const target = await targetOf(scenario, op);
      if (typeof target === 'string') {
        problems.push(`${op.key}: ${target}`);
        continue;
      }
      const unknown = await send(
        base(),
        requestOf(target, undefined, urlOf(target, undefined, 'zzUnknown=1')),
      );
      if (unknown.status !== 400) problems.push(`${op.key}?zzUnknown=1: ${unknown.status}`);
      await fuzz(
        target,
        PER_ROUTE / 4,
        (_, i, next) => hostileQueryRequest(target, i, next),
        problems,
      );
    }
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect({ seed, problems: problems.slice(0, 40) }).toEqual({ seed, problems: [] });
  }, 300_000);

  /**
   * Sends `count` requests that `make` draws from the route's stream of the seed, a few at a
   * time, and judges each answer; the answers by status.
   */
  async function fuzz(
    target: Target,
    count: number,
    make: (target: Target, i: number, next: Next) => Sent,
    problems: string[],
  ): Promise<Map<number, number>> {
    const next = random(seed ^ hashOf(target.op.key));
    const statuses = new Map<number, number>();
    // Made in order from the seed, then sent: the same seed, the same requests.
    const requests = Array.from({ length: count }, (_, i) => make(target, i, next));
    const started = performance.now();
    await inPool(requests, IN_FLIGHT, async ({ what, request }, i) => {
      const answer = await send(base(), request);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = judge(target, answer);
      if (problem) problems.push(`${target.op.key} #${i} ${what}: ${problem}`);
      if (answer.status < 300 && target.op.method !== 'GET') {
        accepted.push({ target, request, answer });
      }
    });
    const tally = JSON.stringify(Object.fromEntries(statuses));
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`hostile input (seed ${seed}): ${target.op.key} ${tally} in ${ms} ms\n`);
    return statuses;
  }

  it('loses nothing it accepted: each accepted write reads back where the document says', async () => {
    const lost: string[] = [];
    const byRoute = new Map<string, number>();
    for (const { target, request, answer } of accepted) {
      const n = byRoute.get(target.op.key) ?? 0;
      const url = readBackUrl(document, target.op, request.url, answer.json);
      if (!url || n >= 10) continue;
      byRoute.set(target.op.key, n + 1);
      const headers = { authorization: request.headers?.authorization ?? '' };
      const read = await send(base(), { method: 'GET', url, headers });
      if (read.status !== 200) lost.push(`${target.op.key} → GET ${url}: ${read.status}`);
    }
    expect(lost).toEqual([]);
    const ready = await send(base(), { method: 'GET', url: '/health/ready' });
    expect(ready.status).toBe(200);
  }, 120_000);

  /** Whether the answer breaks the route's contract, and how. */
  function judge(target: Target, answer: RawAnswer): string | null {
    const head = `${answer.status} ${answer.text.slice(0, 160)}`;
    if (answer.status >= 500) return head;
    if (answer.status < 400) {
      return target.op.operation.responses[String(answer.status)] ? null : `undocumented ${head}`;
    }
    const problem = codeProblem(target.op.operation, answer.status, answer.json);
    return problem ? `${problem}: ${head}` : null;
  }
});

/**
 * A batch takes its records one by one: a record with a field it does not know is refused as its
 * line of the batch (see /rejections) while the batch itself is received.
 */
function everyLineRefused(answer: RawAnswer): boolean {
  const batch = answer.json as { total?: unknown; rejected?: unknown } | undefined;
  return (
    answer.status === 202 && typeof batch?.total === 'number' && batch.rejected === batch.total
  );
}

/** Runs `work` on every item, `width` at a time. */
async function inPool<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>) {
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
async function targetOf(scenario: Scenario, op: DocumentedOperation): Promise<Target | string> {
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
function urlOf(target: Target, hostile?: { name: string; segment: string }, query = target.query) {
  const path = target.op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (hostile?.name === name) return hostile.segment;
    const value = target.params[name] as string;
    return encodeURIComponent(isClientId(value) ? freshIds(value) : value);
  });
  return query ? `${path}?${query}` : path;
}

/** A request of the route with this JSON body (none when undefined) and its valid headers. */
function requestOf(target: Target, body: unknown, url = urlOf(target)): RawRequest {
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
function hostileRequest(target: Target, i: number, next: Next): Sent {
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
function hostileQueryRequest(target: Target, i: number, next: Next): Sent {
  const query = hostileQuery(parametersIn(target, 'query'), next);
  return {
    what: `#${i} query ${query.slice(0, 120)}`,
    request: requestOf(target, undefined, urlOf(target, undefined, query)),
  };
}

/**
 * Where the document lets a caller read back what a write stored: a GET of the same path (a
 * batch), or of the path and an id the answer names (an alert by its alertId); null otherwise.
 */
function readBackUrl(
  document: OpenApiDocument,
  op: DocumentedOperation,
  url: string,
  answer: unknown,
): string | null {
  const pathname = url.split('?')[0] as string;
  if (document.paths[op.path]?.get) return pathname;
  for (const [path, item] of Object.entries(document.paths)) {
    const name = /^(.*)\/\{(\w+)\}$/.exec(path);
    if (!item.get || !name || name[1] !== op.path) continue;
    const id = (answer as Record<string, unknown> | undefined)?.[name[2] as string];
    if (typeof id === 'string') return `${pathname}/${encodeURIComponent(id)}`;
  }
  return null;
}
