import { TestSystem } from '../support/harness';
import { isSecured, operationsOf, type OpenApiDocument } from '../contract/document';
import { codeProblem } from '../contract/error-codes';
import { freshIds, hashOf, objectPlacesOf, random, type Next } from '../contract/fuzz';
import {
  everyLineRefused,
  hostileQueryRequest,
  hostileRequest,
  inPool,
  readBackUrl,
  requestOf,
  targetOf,
  urlOf,
  type Sent,
  type Target,
} from '../contract/fuzz-target';
import { send, type RawAnswer, type RawRequest } from '../contract/http';
import { Scenario } from '../contract/scenario';

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
  const PER_ROUTE = 200;
  /** Requests in flight at once. */
  const IN_FLIGHT = 4;
  let t: TestSystem;
  let document: OpenApiDocument;
  const targets: Target[] = [];
  const accepted: { target: Target; request: RawRequest; answer: RawAnswer }[] = [];

  /** Write routes the fuzz cannot start: none has a valid call to change. */
  const missing: string[] = [];

  beforeAll(async () => {
    process.stdout.write(`hostile input: FUZZ_SEED=${seed} replays this run\n`);
    t = await TestSystem.start('hostile-input', {
      // Sign-in bodies are read, not throttled away: the limits have suites of their own.
      api: { RATE_LIMIT_PUBLIC_REQUESTS: '1000000', AUTH_MAX_FAILED_LOGINS_PER_ADDRESS: '100000' },
    });
    const served = await t.http<OpenApiDocument>('api', 'GET', '/docs/openapi.json');
    expect(served.status).toBe(200);
    document = served.body;
    const writes = operationsOf(document).filter((o) => WRITES.includes(o.method));
    // Failed sign-ins lock the account they name: the public routes go last.
    writes.sort((a, b) => Number(isSecured(b.operation)) - Number(isSecured(a.operation)));
    const scenario = new FuzzScenario(t);
    const made = await Promise.all(writes.map((op) => targetOf(scenario, op)));
    made.forEach((target, i) => {
      if (typeof target === 'string') missing.push(`${writes[i]?.key}: ${target}`);
      else targets.push(target);
    });
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  const base = () => t.system.services.api.url;

  it('starts every write route the document names from a valid call, as a role it allows', () => {
    expect(missing).toEqual([]);
    expect(targets.length).toBeGreaterThanOrEqual(10);
  });

  it('refuses a body with a field it does not know with 400, at every level, on every write route', async () => {
    const taken: string[] = [];
    expect(targets.length).toBeGreaterThanOrEqual(10);
    for (const target of targets) {
      const body = freshIds(target.body ?? {});
      for (const place of objectPlacesOf(body)) {
        const changed = structuredClone(body);
        place.reduce<Record<string, unknown>>((v, k) => v[k] as never, changed as never).zzUnknown =
          1;
        const answer = await send(base(), requestOf(target, changed));
        const where = place.join('.') || 'the body';
        if (answer.status !== 400 && !everyLineRefused(answer)) {
          taken.push(`${target.op.key} (${where}): ${answer.status} ${answer.text.slice(0, 160)}`);
        }
      }
    }
    expect(taken).toEqual([]);
  }, 120_000);

  it('answers hostile requests to every write route with a documented code, never a 5xx', async () => {
    const problems: string[] = [];
    expect(targets.length).toBeGreaterThanOrEqual(10);
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
      // The same thing: the ids the write's answer named, the read names too.
      const ids = (json: unknown) =>
        Object.entries(json as object).filter(([key, value]) => /Id$/.test(key) && value !== null);
      const differ = ids(answer.json).filter(
        ([key, value]) => !ids(read.json).some(([k, v]) => k === key && v === value),
      );
      if (read.status === 200 && differ.length > 0)
        lost.push(`${target.op.key} → GET ${url}: ${JSON.stringify(differ)} differ`);
    }
    expect(lost).toEqual([]);
    // Batches and alerts are accepted in every run; each has its read.
    expect(byRoute.size).toBeGreaterThanOrEqual(2);
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
