import { generateKeyPairSync } from 'node:crypto';

import { Connection } from '@temporalio/client';
import Long from 'long';
import type { Browser } from 'playwright-core';

import { SupervisorViews, supervisorViewUrl } from '@fanpin/contracts';
import { supervisorTemporalPermissions, TemporalTokenMinter } from '@fanpin/platform';

import { launchBrowser, seriousAccessibilityViolations, signedInPage } from '../support/browser';
import { TestSystem, newResidentId, testTemporalAuth } from '../support/harness';

const PERMISSION_DENIED = 7;
const namespace = 'default';

/**
 * Temporal guarded, and the supervisors' Web UI behind the console's sign-in, on the production
 * shape (npm run test:cluster): the server's JWT authorizer lets the services write and a
 * supervisor's token only read; the UI server runs with its write actions off and is reached only
 * through the API, which checks the session and the role.
 */
describe('Temporal guarded: services write, supervisors read through the signed-in Web UI', () => {
  let t: TestSystem;
  let caseId: string;
  let minter: TemporalTokenMinter;
  const address = () => process.env.FANPIN_TEST_TEMPORAL_ADDRESS!;

  /**
   * The gRPC error code of `call` made with `token` (none: no Authorization header), or 0. A token
   * the server cannot verify fails even the connection's first call.
   */
  async function codeOf(
    token: string | undefined,
    call: (c: Connection) => Promise<unknown>,
  ): Promise<number> {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({
        address: address(),
        ...(token ? { apiKey: token, tls: false } : {}),
      });
      await call(connection);
      return 0;
    } catch (error) {
      const e = error as { code?: number; cause?: { code?: number } };
      return e.code ?? e.cause?.code ?? -1;
    } finally {
      await connection?.close();
    }
  }

  const list = (c: Connection) =>
    c.workflowService.listWorkflowExecutions({ namespace, query: `WorkflowId = '${caseId}'` });
  /** The case, and who asks: what every write below names. */
  const theCase = () => ({
    namespace,
    workflowExecution: { workflowId: caseId },
    identity: 'a supervisor',
  });
  const signal = (c: Connection) =>
    c.workflowService.signalWorkflowExecution({ ...theCase(), signalName: 'anything' });
  const terminate = (c: Connection) =>
    c.workflowService.terminateWorkflowExecution({ ...theCase(), reason: 'a forged decision' });
  const reset = (c: Connection) =>
    c.workflowService.resetWorkflowExecution({
      ...theCase(),
      reason: 'a forged decision',
      workflowTaskFinishEventId: Long.fromNumber(3),
      requestId: 'reset-1',
    });

  /** A supervisor's (or another role's) console session: its cookies, as the browser holds them. */
  async function sessionOf(role: 'supervisor' | 'village-cadre'): Promise<string> {
    const person = await t.person(
      role === 'supervisor' ? { role } : { role, divisionCode: '220681101200' },
    );
    const response = await fetch(`${t.apiUrl}/v1/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person),
    });
    expect(response.status).toBe(200);
    return response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  beforeAll(async () => {
    const auth = testTemporalAuth();
    if (!auth || !process.env.FANPIN_TEST_TEMPORAL_UI_UPSTREAM) {
      throw new Error('run with npm run test:cluster: the production shape has the authorizer');
    }
    minter = TemporalTokenMinter.fromFile(auth.keyFile, auth.keyId, auth.issuer);
    t = await TestSystem.start('supervisors');
    // The services start, signal and work the case with their own write tokens.
    const posted = await t.postAlert({
      residentId: newResidentId(),
      villageCode: '220681101200',
    });
    expect(posted.status).toBe(202);
    caseId = posted.body.caseId;
    await t.reachCityDetermination(caseId, 120_000);
  }, 300_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses calls without a token, with a forged one, or for another namespace', async () => {
    expect(await codeOf(undefined, list)).toBe(PERMISSION_DENIED);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // The right key id and claims, signed with another key: what anyone could make.
    const forged = new TemporalTokenMinter(privateKey, minter.keyId, 'fanpin-monitor').mint(
      'service:api',
      ['temporal-system:admin'],
    );
    expect(await codeOf(forged, list)).toBe(PERMISSION_DENIED);
    expect(await codeOf(forged, terminate)).toBe(PERMISSION_DENIED);
    const elsewhere = minter.mint('service:api', ['another-namespace:write']);
    expect(await codeOf(elsewhere, signal)).toBe(PERMISSION_DENIED);
  });

  it('lets a supervisor’s token read the case but not terminate, signal or reset it', async () => {
    // What the API's proxy gives a signed-in supervisor's Web UI.
    const read = minter.mint('account:supervisor-1', supervisorTemporalPermissions(namespace));
    expect(await codeOf(read, list)).toBe(0);
    expect(await codeOf(read, terminate)).toBe(PERMISSION_DENIED);
    expect(await codeOf(read, signal)).toBe(PERMISSION_DENIED);
    expect(await codeOf(read, reset)).toBe(PERMISSION_DENIED);
    // A service's token may write (terminate is not tried on the case the other tests read).
    const write = minter.mint('service:api', [`${namespace}:write`]);
    expect(await codeOf(write, list)).toBe(0);
  });

  it('serves the Web UI only to a signed-in supervisor', async () => {
    const anonymous = await fetch(`${t.apiUrl}/temporal-ui/`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(
      `/sign-in?next=${encodeURIComponent('/temporal-ui/')}`,
    );
    const script = await fetch(`${t.apiUrl}/temporal-ui/api/v1/settings`);
    expect(script.status).toBe(401);
    expect(((await script.json()) as { code: string }).code).toBe('AUTH.REQUIRED');

    const cadre = await fetch(`${t.apiUrl}/temporal-ui/api/v1/settings`, {
      headers: { cookie: await sessionOf('village-cadre') },
    });
    expect(cadre.status).toBe(403);

    const supervisor = await sessionOf('supervisor');
    const settings = await fetch(`${t.apiUrl}/temporal-ui/api/v1/settings`, {
      headers: { cookie: supervisor },
    });
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({
      DisableWriteActions: true,
      WorkflowTerminateDisabled: true,
      WorkflowSignalDisabled: true,
      WorkflowResetDisabled: true,
      BatchActionsDisabled: true,
      StartWorkflowDisabled: true,
      Codec: { Endpoint: '/codec', IncludeCredentials: true },
    });
  });

  it('answers the saved views, and refuses the UI’s terminate', async () => {
    const supervisor = await sessionOf('supervisor');
    const waiting = SupervisorViews.find((v) => v.id === 'waiting-at-city')!;
    const listed = async (query: string) => {
      const response = await fetch(
        `${t.apiUrl}/temporal-ui/api/v1/namespaces/${namespace}/workflows?query=${encodeURIComponent(query)}`,
        { headers: { cookie: supervisor } },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        executions?: { execution: { workflowId: string } }[];
      };
      return (body.executions ?? []).map((e) => e.execution.workflowId);
    };
    // The case waits for the city bureau: in that view, in none of the others.
    await expect(listed(waiting.query())).resolves.toContain(caseId);
    await expect(listed(waiting.query('220681101'))).resolves.toContain(caseId);
    for (const view of SupervisorViews.filter((v) => v !== waiting)) {
      await expect(listed(view.query())).resolves.not.toContain(caseId);
    }

    // The UI's own terminate, sent as its script would (same origin): the UI server, its write
    // actions off, refuses it; had it passed, Temporal would refuse the read-only token (above).
    const terminated = await fetch(
      `${t.apiUrl}/temporal-ui/api/v1/namespaces/${namespace}/workflows/${caseId}/terminate`,
      {
        method: 'POST',
        headers: {
          cookie: supervisor,
          'content-type': 'application/json',
          origin: t.apiUrl,
          'sec-fetch-site': 'same-origin',
        },
        body: JSON.stringify({ reason: 'a forged decision' }),
      },
    );
    expect(terminated.status).toBe(405);
    // From another site, the API refuses it before Temporal is asked.
    const crossSite = await fetch(
      `${t.apiUrl}/temporal-ui/api/v1/namespaces/${namespace}/workflows/${caseId}/terminate`,
      {
        method: 'POST',
        headers: { cookie: supervisor, 'sec-fetch-site': 'cross-site' },
        body: '{}',
      },
    );
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { code: string }).code).toBe('AUTH.CSRF');
    expect((await t.waitForCase(caseId, () => true)).stage).toBe('CITY_DETERMINATION');
  });

  describe('in the browser', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('shows a supervisor the saved view with the case, and no write action', async () => {
      const page = await signedInPage(browser, t.apiUrl, await t.person({ role: 'supervisor' }));

      // The console's page of saved views opens the Web UI's list with the query.
      await page.goto(`${t.apiUrl}/supervision`);
      const waiting = page.locator('a[data-view="waiting-at-city"]');
      await page.locator('a[data-view="waiting-at-city"]:not([href="#"])').waitFor();
      await expect(seriousAccessibilityViolations(page)).resolves.toEqual([]);
      const href = await waiting.getAttribute('href');
      expect(href).toBe(
        supervisorViewUrl(
          `${t.apiUrl}/temporal-ui`,
          namespace,
          SupervisorViews.find((v) => v.id === 'waiting-at-city')!,
        ),
      );
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      page.on('console', (m) => {
        if (m.type() === 'error') failed.push(`console: ${m.text()}`);
      });
      await page.goto(href!);
      await page
        .getByText(caseId)
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(async (error: unknown) => {
          await page.screenshot({
            path: `${process.env.FANPIN_TEST_LOG_DIR}/temporal-ui-list.png`,
          });
          throw new Error(`${String(error)}\n${failed.join('\n')}`);
        });

      await page.goto(`${t.apiUrl}/temporal-ui/namespaces/${namespace}/workflows/${caseId}`);
      await page.getByText(caseId).first().waitFor({ timeout: 60_000 });
      // The input, encrypted in Temporal, decoded by the API's codec for this supervisor.
      await page.getByText('"220681101200"').first().waitFor({ timeout: 30_000 });
      // Every write action of the case's page is off: cancellation, and the menu of terminate,
      // reset, signal and update.
      await expect(
        page.getByRole('button', { name: 'Request Cancellation' }).isDisabled(),
      ).resolves.toBe(true);
      await expect(page.getByRole('button', { name: /More Actions/ }).isDisabled()).resolves.toBe(
        true,
      );
      await page.screenshot({ path: `${process.env.FANPIN_TEST_LOG_DIR}/temporal-ui-case.png` });
      await page.context().close();
    });
  });
});
