import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { policyEnv, suiteSystem } from '../support/harness';
import { newResidentId } from '../support/records';
import {
  isSecured,
  operationsOf,
  type OpenApiDocument,
  type Operation,
} from '../contract/document';
import { send, type RawAnswer, type RawRequest } from '../contract/http';
import { Scenario, accountOf } from '../contract/scenario';
import { SchemaCheck } from '../contract/schema-check';
import { compileClient, generateClient, redoclyLint } from '../contract/tools';
import { genericCall, validCalls, type ValidCall } from '../contract/valid-calls';

/** What the compiled usage file (test/contract/client/usage.ts) gives the test to run. */
interface GeneratedClientUse {
  drive(
    base: string,
    who: Record<'cadre' | 'committee' | 'city', { accountId: string; password: string }> & {
      bureau: { clientId: string; clientSecret: string };
    },
    residentId: string,
  ): Promise<{
    movedTo: string;
    stage: string;
    nextReportCutoff: string;
    inboxCutoff: string;
    listed: { kind: string; overdue: boolean; daysLeft: number | null } | null;
  }>;
}

/**
 * The served OpenAPI document as a contract: it lints clean, a client generated from it types real
 * calls (and refuses wrong bodies), and every operation it names answers as it says, for a valid
 * call and a refused one, each answer checked with a strict JSON Schema validator.
 */
describe('the OpenAPI contract', () => {
  const t = suiteSystem('openapi-contract', {
    // Long enough a notice to lodge an objection in; short waits elsewhere.
    api: policyEnv({ NOTICE_PERIOD: '8s', FOLLOW_UP_INTERVAL: '1s', ROLLBACK_WINDOW: '300s' }),
  });
  let document: OpenApiDocument;
  let documentFile: string;
  let work: string;

  beforeAll(async () => {
    const served = await t.http<OpenApiDocument>('api', 'GET', '/docs/openapi.json');
    expect(served.status).toBe(200);
    document = served.body;
    work = path.join(process.env.FANPIN_TEST_LOG_DIR as string, '..', 'openapi-contract');
    await mkdir(work, { recursive: true });
    documentFile = path.join(work, 'openapi.json');
    await writeFile(documentFile, JSON.stringify(document, null, 2));
  });

  it('passes redocly lint with no error and no warning', () => {
    const lint = redoclyLint(documentFile);
    expect(lint.problems).toEqual([]);
    expect({ status: lint.status, errors: lint.errors, warnings: lint.warnings }).toEqual({
      status: 0,
      errors: 0,
      warnings: 0,
    });
  });

  it('defines its security, servers and components, with no OpenAPI 3.0 nullable left', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(JSON.stringify(document)).not.toContain('"nullable"');
    for (const { key, operation } of operationsOf(document)) {
      const isPublic = [
        '/health/',
        '/v1/auth/login',
        '/v1/auth/token',
        '/v1/auth/session',
        '/v1/auth/logout',
      ].some((p) => key.includes(p));
      expect({ key, secured: isSecured(operation) }).toEqual({ key, secured: !isPublic });
    }
  });

  it('gives a generated TypeScript client that types real calls, refuses wrong bodies, and works', async () => {
    const dir = await generateClient(documentFile, path.join(work, 'client'));
    const usage = await readFile(path.join(dir, 'usage.ts'), 'utf8');
    expect(usage.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(1);
    const compiled = compileClient(dir);
    // Unused @ts-expect-error directives are errors too: each wrong body really fails to compile.
    expect(compiled.output).toBe('');
    expect(compiled.status).toBe(0);

    const password = 'contract test passphrase';
    const staff = async (role: 'village-cadre' | 'village-committee' | 'city-bureau') => {
      const accountId = `client-${role}-${Date.now()}`;
      const body = { ...accountOf(role), accountId, kind: 'staff', password };
      const made = await t.api('POST', '/v1/admin/accounts', body, { role: 'administrator' });
      expect(made.status).toBe(201);
      return { accountId, password };
    };
    const clientId = `client-bureau-${Date.now()}`;
    const bureau = await t.api<{ clientSecret: string }>(
      'POST',
      '/v1/admin/accounts',
      { ...accountOf('sector-bureau'), accountId: clientId },
      { role: 'administrator' },
    );
    expect(bureau.status).toBe(201);
    const client = createRequire(__filename)(
      path.join(dir, 'dist', 'usage.js'),
    ) as GeneratedClientUse;
    const outcome = await client.drive(
      t.system.services.api.url,
      {
        cadre: await staff('village-cadre'),
        committee: await staff('village-committee'),
        city: await staff('city-bureau'),
        bureau: { clientId, clientSecret: bureau.body.clientSecret },
      },
      newResidentId(),
    );
    expect(outcome).toMatchObject({
      movedTo: 'DEMOCRATIC_APPRAISAL',
      stage: 'DEMOCRATIC_APPRAISAL',
    });
    expect(outcome.listed).toMatchObject({ kind: 'democratic-appraisal', overdue: false });
    expect(outcome.nextReportCutoff).toBe(outcome.inboxCutoff);
  });

  it('answers every operation it documents as documented: a valid call, and refused ones', async () => {
    const scenario = new Scenario(t);
    const check = new SchemaCheck(document);
    const base = t.system.services.api.url;
    const failures: string[] = [];
    const judge = (key: string, what: string, operation: Operation, answer: RawAnswer) => {
      const problem = answerProblem(check, operation, answer);
      if (problem) failures.push(`${key} (${what}): ${problem}`);
    };
    for (const { key, method, path: route, operation } of operationsOf(document)) {
      const valid = await validCallOf(scenario, key, route, method, operation);
      if (!valid) {
        failures.push(`${key}: no valid call known: add one to test/contract/valid-calls.ts`);
        continue;
      }
      if (valid.role !== null && !operation['x-roles']?.includes(valid.role)) {
        failures.push(`${key}: ${valid.role} is not among its x-roles`);
      }
      // Refusals first: a refused request changes nothing, and ids the valid call uses stay new.
      for (const refusal of refusalsOf(valid.request, operation)) {
        const refused = await send(base, refusal.request);
        if (refused.status !== refusal.status) {
          failures.push(`${key} (${refusal.what}): ${refused.status}, not ${refusal.status}`);
        }
        judge(key, refusal.what, operation, refused);
      }
      const answer = await send(base, valid.request);
      if (answer.status < 200 || answer.status > 299) {
        failures.push(`${key} (valid call): ${answer.status} ${answer.text.slice(0, 300)}`);
      }
      judge(key, 'valid call', operation, answer);
    }
    expect(failures).toEqual([]);
  });
});

/** The table's call of an operation, or the generic one of an operation that needs no input. */
async function validCallOf(
  scenario: Scenario,
  key: string,
  route: string,
  method: string,
  operation: Operation,
): Promise<ValidCall | null> {
  const make = validCalls[key];
  if (make) return make(scenario, route);
  const roles = isSecured(operation) ? (operation['x-roles'] ?? []) : undefined;
  return genericCall(scenario, route, method, roles, operation.requestBody !== undefined);
}

/** Requests the operation must refuse, with the status the document promises for each. */
function refusalsOf(
  valid: RawRequest,
  operation: Operation,
): { what: string; status: number; request: RawRequest }[] {
  const headers = { ...valid.headers };
  const refusals: { what: string; status: number; request: RawRequest }[] = [];
  if (isSecured(operation)) {
    delete headers.authorization;
    refusals.push({ what: 'no token', status: 401, request: { ...valid, headers } });
  }
  // A body that is not JSON, where the route reads JSON: refused before anything else. A public
  // route that takes no body reads one all the same when it is sent (GET included).
  if (operation.requestBody || !isSecured(operation)) {
    const unreadable = {
      ...valid,
      headers: { ...valid.headers, 'content-type': 'application/json' },
      body: '{"unclosed": ',
    };
    refusals.push({ what: 'unreadable body', status: 400, request: unreadable });
  }
  return refusals;
}

/** Why an answer does not fit what the operation documents, or null when it does. */
function answerProblem(check: SchemaCheck, operation: Operation, answer: RawAnswer): string | null {
  const documented = operation.responses[String(answer.status)];
  if (!documented) return `${answer.status} is not documented (${answer.text.slice(0, 200)})`;
  const mediaTypes = Object.keys(documented.content ?? {});
  // An answer documented without content (204): none is sent.
  if (mediaTypes.length === 0) return answer.text === '' ? null : `${answer.status} sent a body`;
  if (mediaTypes.includes('application/json')) {
    if (!answer.contentType.startsWith('application/json')) {
      return `${answer.status} answered ${answer.contentType}, not JSON`;
    }
    const problem = check.problems(documented, answer.json);
    return problem ? `${answer.status} body does not fit: ${problem}` : null;
  }
  if (!mediaTypes.some((type) => answer.contentType.startsWith(type))) {
    return `${answer.status} answered ${answer.contentType}, not one of ${mediaTypes.join(', ')}`;
  }
  return null;
}
