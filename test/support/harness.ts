import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { appendFile, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client, Connection, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Pool, type QueryResultRow } from 'pg';

import {
  NationalSystemHttp,
  SectorBureaus,
  caseSignalWithStart,
  type SignCommand,
  type TaskView,
  type CasePolicy,
  type CaseSummary,
  type SimulatorBehaviour,
  type SimulatorRequest,
} from '@fanpin/contracts';
import {
  System,
  temporalAccessOptions,
  createScratchDatabase,
  freePorts,
  isProcessAlive,
  newSecrets,
  ServiceNames,
  stderrLog,
  withRoles,
  type Database,
  type ServiceName,
  type SystemSecrets,
} from '@fanpin/devstack';
import { roleOfUrl, runMigrations } from '@fanpin/persistence';
import { CommandSigner, TemporalTokenMinter, temporalDataConverter } from '@fanpin/platform';

import type { settings as apiSettings } from '../../services/api/src/settings';

import { bureauOf, cityBureau, healthBureau, type AccountSpec } from './accounts';
import { alertBody, allSecure, newResidentId, type AlertInput } from './records';

// Suites and tools that take all they use from the harness find these here too.
export * from './accounts';
export * from './records';

/** How a test system is run, besides each service's environment. */
export interface TestSystemOptions {
  /**
   * Supervise the services as `npm start` does: one that dies unexpectedly is started again, and
   * each death and restart goes to `TestSystem.stackLog` (and `stack.log` in the suite's log folder).
   */
  supervise?: boolean;
  /** A Temporal server of the suite's own, instead of the run's. */
  temporalAddress?: string;
  /**
   * A database of the suite's own on the run's server, migrated, with roles of its own, dropped
   * when the system stops: for a suite that reverts migrations or counts every household there is.
   */
  ownDatabase?: boolean;
  /** What the services connect to: the run's database through a proxy the suite can cut. */
  appDatabaseUrl?: string;
  /** The services to start, when a suite needs only some (the API alone serves sessions). */
  services?: readonly ServiceName[];
  /** Processes of each service but the simulator (the cluster test runs two of each). */
  replicas?: number;
}

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through npm test`);
  return value;
}

/** Forms that take a household through identification and inclusion, and who fills each in. */
export const standardForms: Partial<
  Record<
    string,
    { as: (d: CaseSummary['divisions']) => AccountSpec; body: Record<string, unknown> }
  >
> = {
  'village-verification': {
    as: (d) => ({ role: 'village-cadre', divisionCode: d.villageCode }),
    body: {
      kind: 'village-verification',
      outcome: 'nominate',
      incomePerCapita: 4200,
      lastYearIncomePerCapita: 7800,
      rigidExpenses: 36000,
      assurances: allSecure,
      labourCapacity: 'partial',
      triggers: [2],
      commitmentSigned: true,
      commitmentSignedOn: '2026-11-30',
    },
  },
  'democratic-appraisal': {
    as: (d) => ({ role: 'village-committee', divisionCode: d.villageCode }),
    body: { kind: 'democratic-appraisal', outcome: 'approved', heldOn: '2026-11-30' },
  },
  'township-verification': {
    as: (d) => ({ role: 'township-officer', divisionCode: d.townshipCode }),
    body: {
      kind: 'township-verification',
      outcome: 'confirm',
      visitedOn: '2026-11-30',
      riskTypes: ['ILLNESS'],
      ledgerEntry: 'TZ-2026-0001',
    },
  },
  'city-determination': {
    as: () => cityBureau,
    body: { kind: 'city-determination', include: true, householdClass: 'marginal' },
  },
};

/** Who acts when a test does not say: the role that does this in real life. */
function usualActor(method: string, urlPath: string, body: unknown): AccountSpec {
  if (method === 'POST' && urlPath === '/v1/alerts') {
    const bureau = (body as { bureau?: unknown } | undefined)?.bureau;
    return bureauOf(SectorBureaus.includes(bureau as never) ? (bureau as string) : 'health');
  }
  if (method === 'GET' && urlPath.startsWith('/v1/alerts')) return healthBureau;
  if (method === 'POST' && urlPath.includes('/tasks/determination-')) return cityBureau;
  return { role: 'supervisor' };
}

/**
 * Where the run keeps every payload key its systems were given: each suite's system has keys of
 * its own, and the personal-data suite decodes every execution of the run, whoever wrote it.
 */
function runPayloadKeysFile(): string {
  return path.join(required('FANPIN_TEST_RUN_ROOT'), 'payload-keys.txt');
}

/** Records payload keys that services of this run encrypt with (TestSystem.start does it itself). */
export async function recordPayloadKeys(keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await appendFile(runPayloadKeysFile(), `${keys.join('\n')}\n`);
}

/** Every payload key recorded in this run. */
export async function runPayloadKeys(): Promise<string[]> {
  const text = await readFile(runPayloadKeysFile(), 'utf8').catch(() => '');
  return [...new Set(text.split('\n').filter(Boolean))];
}

/** The payload keys in a service's environment: the current one and those it still decrypts. */
function payloadKeysOf(env: Record<string, string>): string[] {
  return [env.PAYLOAD_CODEC_KEY ?? '', ...(env.PAYLOAD_CODEC_PREVIOUS_KEYS ?? '').split(',')]
    .map((key) => key.trim())
    .filter(Boolean);
}

/**
 * A service's log line that reports an error: level error or fatal (every process logs JSON lines,
 * the Temporal runtime's through the same format), or a line that is not JSON at all (a crash's
 * stack trace, a runtime warning written past the logger).
 */
export function isErrorLine(line: string): boolean {
  if (line.trim() === '') return false;
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return level === 'error' || level === 'fatal';
  } catch {
    return true;
  }
}

/** Errors a suite causes on purpose: a line of one of `services` (any, if none) matching `pattern`. */
interface ExpectedLogError {
  pattern: RegExp;
  services: readonly ServiceName[];
}

/**
 * Runs `start` while no other Jest worker of the run starts a system. Seven processes booting at
 * once take both cores of a small machine for some seconds; two systems booting together take
 * twice as long each, past their readiness timeouts, while the suites already running barely use
 * the CPU. A lock left by a worker that died is taken over.
 */
async function oneStartAtATime<T>(start: () => Promise<T>): Promise<T> {
  const lock = path.join(required('FANPIN_TEST_RUN_ROOT'), 'system-start.lock');
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (holder > 0 && !isProcessAlive(holder)) await rm(lock, { force: true });
      else await sleep(200);
    }
  }
  try {
    return await start();
  } finally {
    await rm(lock, { force: true });
  }
}

/**
 * A database of the suite's own on the run's server, with the owner and application roles the
 * services expect and every migration applied.
 */
async function migratedDatabase(suite: string): Promise<Database> {
  const serverUrl = required('FANPIN_TEST_DATABASE_URL');
  const name = `${suite.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const server = await createScratchDatabase(serverUrl, name, stderrLog);
  const stateDir = path.join(required('FANPIN_TEST_LOG_DIR'), suite);
  const database = await withRoles(server, { stateDir, dropRolesVia: serverUrl }, stderrLog);
  await runMigrations(database.ownerUrl, roleOfUrl(database.appUrl).name);
  return database;
}

/** Systems started and not yet stopped, and the undeclared error lines of those stopped. */
const running = new Set<TestSystem>();
const unexpectedErrorLines: string[] = [];

/** The whole system as separate processes on free ports, against the run's Temporal and PostgreSQL. */
export class TestSystem {
  readonly db: Pool;
  private connection?: Connection;
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly expectedLogErrors: ExpectedLogError[] = [];
  /** Where each service's log stood when this system started: what is after is its own. */
  private readonly logStarts = new Map<ServiceName, number>();
  private stopped?: Promise<void>;

  private clientInstance?: Client;
  private adminSession?: Promise<string>;
  /** Signs what the harness sends straight to Temporal, with the system's own key. */
  private readonly signer: CommandSigner;

  private constructor(
    readonly system: System,
    readonly temporalAddress: string,
    databaseUrl: string,
    /** The secrets the services run with: the test client encrypts payloads with the same key. */
    readonly secrets: SystemSecrets,
    /** The bootstrap administrator of this system. */
    readonly admin: { accountId: string; password: string },
    /** The stack's own log lines (deaths and restarts of supervised services), in order. */
    readonly stackLog: string[] = [],
    /** The suite's own database (`TestSystemOptions.ownDatabase`): its roles' URLs. */
    readonly ownDatabase?: Database,
  ) {
    this.db = new Pool({ connectionString: databaseUrl, max: 4 });
    this.signer = new CommandSigner(secrets.commandSigningKey);
  }

  /**
   * `servers` points the services at a suite's own Temporal server or at another way to the run's
   * PostgreSQL (a proxy the suite can cut); by default they use the run's, as the test does.
   */
  static async start(
    suite: string,
    extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
    options: TestSystemOptions = {},
  ): Promise<TestSystem> {
    const temporalAddress = options.temporalAddress ?? required('FANPIN_TEST_TEMPORAL_ADDRESS');
    const ownDatabase = options.ownDatabase ? await migratedDatabase(suite) : undefined;
    const databaseUrl = ownDatabase?.url ?? required('FANPIN_TEST_DATABASE_URL');
    const ports = {} as Record<ServiceName, number>;
    const replicas = Math.max(1, options.replicas ?? 1);
    const free = await freePorts(ServiceNames.length * replicas);
    ServiceNames.forEach((name, i) => (ports[name] = free[i]!));
    const replicaPorts = Object.fromEntries(
      ServiceNames.map((name, i) => [
        name,
        free.slice(
          ServiceNames.length + i * (replicas - 1),
          ServiceNames.length + (i + 1) * (replicas - 1),
        ),
      ]),
    );
    // One personal-data key for the run, as one city has one: the console's lists and registers
    // read every household of the shared database, whichever suite stored it.
    const secrets = { ...newSecrets(), piiEncryptionKey: required('FANPIN_TEST_PII_KEY') };
    const adminPassword = randomBytes(12).toString('base64url');
    // Suites share the run's database: each has an administrator of its own.
    const adminAccount = `admin-${randomBytes(5).toString('hex')}`;
    const logDir = path.join(required('FANPIN_TEST_LOG_DIR'), suite);
    const stackLog: string[] = [];
    // The production shape's authorizer and read-only UI (npm run test:cluster), as start:server.
    const { apiEnv, ...temporalAccess } = temporalAccessOptions(
      {
        authority: testTemporalAuth(),
        uiUpstream: process.env.FANPIN_TEST_TEMPORAL_UI_UPSTREAM,
      },
      ports.api,
    );
    const system = new System({
      adminPassword,
      adminAccount,
      temporalAddress,
      ...temporalAccess,
      databaseUrl:
        ownDatabase?.appUrl ?? options.appDatabaseUrl ?? required('FANPIN_TEST_APP_DATABASE_URL'),
      secrets,
      logDir,
      ports,
      replicas,
      replicaPorts,
      ...(options.supervise
        ? {
            supervision: {
              log: (line: string) => {
                stackLog.push(line);
                mkdirSync(logDir, { recursive: true });
                appendFileSync(
                  path.join(logDir, 'stack.log'),
                  `${new Date().toISOString()} ${line}\n`,
                );
              },
            },
          }
        : {}),
      extraEnv: {
        ...extraEnv,
        // The cheapest scrypt cost the API accepts: tests sign in often. The procedure's waits are
        // seconds here (policy data: the code is the same as with 5 days and a half month).
        api: {
          AUTH_SCRYPT_LOG2_N: '14',
          POLICY_NOTICE_PERIOD: '2s',
          POLICY_REPORT_CUTOFF: '1s',
          // One visit that meets the rules may propose elimination; the monitoring suite keeps the
          // product's two in a row and tests the rule.
          POLICY_STABLE_VISITS_FOR_ELIMINATION: '1',
          // Bureaus' alerts straight to their cases: the suites are about the procedure after the
          // city's triage; the triage suite (and any suite that says so) runs with `city`.
          ALERT_TRIAGE: 'direct',
          ...apiEnv,
          ...extraEnv.api,
        },
      },
    });
    const testSystem = new TestSystem(
      system,
      temporalAddress,
      databaseUrl,
      secrets,
      { accountId: adminAccount, password: adminPassword },
      stackLog,
      ownDatabase,
    );
    for (const name of ServiceNames) {
      const { logFile, env } = system.services[name].spec;
      testSystem.logStarts.set(name, (await stat(logFile).catch(() => ({ size: 0 }))).size);
      await recordPayloadKeys(payloadKeysOf(env));
    }
    running.add(testSystem);
    await oneStartAtATime(() => system.start(options.services));
    return testSystem;
  }

  /**
   * Declares error lines this suite causes on purpose (a process it kills, an outage, hostile
   * input): a line of `services` (any service when none are named) that matches `pattern`, tested
   * against the whole JSON line, does not fail the suite. Keep the pattern as narrow as the error.
   */
  expectLogErrors(pattern: RegExp, ...services: ServiceName[]): void {
    this.expectedLogErrors.push({ pattern, services });
  }

  /** Error lines the services logged since this system started that no declaration covers. */
  async unexpectedLogErrors(): Promise<string[]> {
    const found: string[] = [];
    for (const [name, start] of this.logStarts) {
      const log = await readFile(this.system.services[name].spec.logFile).catch(() => null);
      if (!log) continue;
      for (const line of log.subarray(start).toString('utf8').split('\n')) {
        if (!isErrorLine(line)) continue;
        const expected = this.expectedLogErrors.some(
          (e) => (e.services.length === 0 || e.services.includes(name)) && e.pattern.test(line),
        );
        if (!expected) found.push(`${name}: ${line.slice(0, 400)}`);
      }
    }
    return found;
  }

  async client(): Promise<Client> {
    if (!this.clientInstance) {
      // With the production shape's authorizer, the test holds the administrator's power.
      const auth = testTemporalAuth();
      this.connection = await Connection.connect({
        address: this.temporalAddress,
        ...(auth
          ? {
              tls: false,
              apiKey: TemporalTokenMinter.fromFile(auth.keyFile, auth.keyId, auth.issuer).renewing(
                'service:test',
                ['temporal-system:admin'],
              ),
            }
          : {}),
      });
      this.clientInstance = new Client({
        connection: this.connection,
        dataConverter: temporalDataConverter({ current: this.secrets.payloadCodecKey }),
      });
    }
    return this.clientInstance;
  }

  /**
   * Stops the system (once: a second call waits for the first). An error line in a service's log
   * that the suite did not declare with `expectLogErrors` is kept for `failOnLogErrors`, which the
   * e2e project runs after every suite's own hooks (test/support/log-errors.ts): an error nobody
   * expected is a defect even when every test passed, and the suite's other cleanup still runs.
   */
  stop(): Promise<void> {
    this.stopped ??= this.stopOnce();
    return this.stopped;
  }

  private async stopOnce(): Promise<void> {
    running.delete(this);
    // Again at the end: a suite may have given its services other keys meanwhile (a rotation).
    for (const name of ServiceNames) {
      await recordPayloadKeys(payloadKeysOf(this.system.services[name].spec.env));
    }
    const notEnded = await this.endRunningExecutions().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    await this.system.stop();
    await this.connection?.close();
    await this.db.end();
    await this.ownDatabase?.stop();
    unexpectedErrorLines.push(...(await this.unexpectedLogErrors()));
    if (notEnded) throw notEnded;
  }

  /**
   * Stops every system a suite left running, then fails if any logged an error line the suite did
   * not declare. Called once per test file, after its own hooks.
   */
  static async failOnLogErrors(): Promise<void> {
    await Promise.all([...running].map((system) => system.stop()));
    const lines = unexpectedErrorLines.splice(0);
    if (lines.length > 0) {
      throw new Error(
        `${lines.length} error line(s) in the services' logs that the suite did not declare ` +
          `(TestSystem.expectLogErrors):\n${lines.slice(0, 20).join('\n')}`,
      );
    }
  }

  /**
   * Terminates every execution still running in the namespace. Suites share it and its task
   * queues, each with payload keys of its own: a case left waiting on a timer would wake up under
   * the next suite's workers, which cannot decrypt it and fail each of its tasks. Ended, its
   * history stays for whoever reads it later (the personal-data suite does).
   */
  private async endRunningExecutions(): Promise<void> {
    const client = await this.client();
    await client.withDeadline(Date.now() + 60_000, () => this.terminateRunning(client));
  }

  private async terminateRunning(client: Client): Promise<void> {
    const running: string[] = [];
    for await (const e of client.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
      running.push(e.workflowId);
    }
    // Several at a time: one after another, the hundreds of cases a batch suite opens take half a
    // minute on a busy machine.
    const terminateRest = async (): Promise<void> => {
      for (let workflowId = running.pop(); workflowId; workflowId = running.pop()) {
        await client.workflow
          .getHandle(workflowId)
          .terminate('the suite that started it has ended')
          .catch((error: unknown) => {
            // Ended meanwhile: nothing left to do.
            if (!(error instanceof WorkflowNotFoundError)) throw error;
          });
      }
    };
    await Promise.all(Array.from({ length: 16 }, terminateRest));
  }

  async http<T = Record<string, unknown>>(
    service: ServiceName,
    method: string,
    urlPath: string,
    body?: unknown,
    rawBody?: string | Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const response = await fetch(`${this.system.services[service].url}${urlPath}`, {
      method,
      headers: {
        ...(body !== undefined || rawBody !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    let parsed: unknown = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { text };
    }
    return { status: response.status, body: parsed as T };
  }

  /**
   * A call to the API as `as` (an account made for it on first use), or, when not given, as the role
   * that makes this call in real life: a bureau posts alerts, the city bureau decides, a supervisor
   * reads. `'anonymous'` sends no token.
   */
  async api<T = Record<string, unknown>>(
    method: string,
    urlPath: string,
    body?: unknown,
    as?: AccountSpec | 'anonymous',
  ): Promise<HttpResult<T>> {
    const actor = as ?? usualActor(method, urlPath, body);
    const headers: Record<string, string> =
      actor === 'anonymous' ? {} : { authorization: `Bearer ${await this.token(actor)}` };
    return this.http<T>('api', method, urlPath, body, undefined, headers);
  }

  /** An access token of an account with this role and scope, created on first use. */
  token(spec: AccountSpec): Promise<string> {
    const key = JSON.stringify(spec);
    let token = this.tokens.get(key);
    if (!token) {
      token = this.signIn(spec);
      token.catch(() => this.tokens.delete(key));
      this.tokens.set(key, token);
    }
    return token;
  }

  /** The API's address, for a browser. */
  get apiUrl(): string {
    return this.system.services.api.url;
  }

  /** A person's staff account with this role and scope, and its password, as the administrator makes it. */
  async person(spec: AccountSpec): Promise<{ accountId: string; password: string }> {
    const { accountId, password } = await this.createAccount({ ...spec, kind: 'staff' });
    return { accountId, password: password! };
  }

  /**
   * The administrator's token, signed in once (each sign-in costs the API a password hash): `fresh`
   * signs in again, for when a test ended the administrator's sessions.
   */
  private adminToken(fresh = false): Promise<string> {
    if (fresh || !this.adminSession) {
      const session = this.adminSignIn();
      this.adminSession = session;
      session.catch(() => {
        if (this.adminSession === session) this.adminSession = undefined;
      });
    }
    return this.adminSession;
  }

  private async adminSignIn(): Promise<string> {
    const admin = await this.http<{ accessToken: string }>(
      'api',
      'POST',
      '/v1/auth/login',
      this.admin,
    );
    if (admin.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(admin)}`);
    return admin.body.accessToken;
  }

  private async createAccount(
    spec: AccountSpec,
  ): Promise<{ accountId: string; password?: string; clientSecret?: string }> {
    const accountId = `${spec.role}-${randomBytes(5).toString('hex')}`;
    const password = randomBytes(16).toString('base64url');
    const kind = spec.kind ?? 'staff';
    const create = async (fresh: boolean) =>
      this.http<{ clientSecret?: string }>(
        'api',
        'POST',
        '/v1/admin/accounts',
        {
          accountId,
          kind,
          role: spec.role,
          ...(spec.role === 'sector-bureau' || spec.role === 'lead-department'
            ? { divisionCode: spec.divisionCode ?? '220681' }
            : spec.divisionCode
              ? { divisionCode: spec.divisionCode }
              : {}),
          ...(spec.org ? { org: spec.org } : {}),
          ...(spec.householdKey ? { householdKey: spec.householdKey } : {}),
          ...(kind === 'staff' ? { password } : {}),
        },
        undefined,
        { authorization: `Bearer ${await this.adminToken(fresh)}` },
      );
    let created = await create(false);
    if (created.status === 401) created = await create(true);
    if (created.status !== 201) {
      throw new Error(`account ${JSON.stringify(spec)} refused: ${JSON.stringify(created)}`);
    }
    return kind === 'staff'
      ? { accountId, password }
      : {
          accountId,
          ...(created.body.clientSecret ? { clientSecret: created.body.clientSecret } : {}),
        };
  }

  private async signIn(spec: AccountSpec): Promise<string> {
    // The system's own administrator, unless a test asks for another one (a label).
    if (spec.role === 'administrator' && spec.label === undefined) return this.adminToken();
    const kind = spec.kind ?? 'staff';
    const account = await this.createAccount(spec);
    const signedIn =
      kind === 'staff'
        ? await this.http<{ accessToken: string }>('api', 'POST', '/v1/auth/login', {
            accountId: account.accountId,
            password: account.password,
          })
        : await this.http<{ accessToken: string }>('api', 'POST', '/v1/auth/token', {
            clientId: account.accountId,
            clientSecret: account.clientSecret,
          });
    if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);
    return signedIn.body.accessToken;
  }

  /**
   * A case started straight on Temporal, as the API would, in 台兴村 (220681001200), under the given
   * policy: no household is stored unless the test stores it. Signed as the API signs (the harness
   * holds the system's secrets), unless `sign` says otherwise.
   */
  async startCaseOnTemporal(
    householdKey: string,
    policy: CasePolicy,
    alertId: string,
    receivedAt?: string,
    sign: SignCommand = (caseId, message, command) => this.signer.sign(caseId, message, command),
  ): Promise<WorkflowHandle> {
    return (await this.client()).workflow.signalWithStart(
      'householdCase',
      caseSignalWithStart(
        {
          householdKey,
          divisions: {
            countyCode: '220681',
            townshipCode: '220681001',
            villageCode: '220681001200',
          },
          channel: 'bureau-alert',
          policy,
          ...(receivedAt ? { receivedAt } : {}),
        },
        { alertId, source: 'health', triggers: [1] },
        sign,
      ),
    );
  }

  /**
   * A household row as a way in stores it, for a case started on Temporal directly (its sealed
   * personal fields are placeholders: nothing here reads them). Its key.
   */
  async storedHousehold(villageCode = '220681001200'): Promise<string> {
    const householdKey = `hh${randomBytes(16).toString('hex')}`;
    await this.db.query(
      `INSERT INTO households (household_key, village_code, head_name_sealed, head_resident_id_sealed)
       VALUES ($1, $2, 'unused', 'unused')`,
      [householdKey, villageCode],
    );
    return householdKey;
  }

  async postAlert(
    input: AlertInput = {},
  ): Promise<HttpResult<{ caseId: string; status: string; alertId: string }>> {
    return this.api('POST', '/v1/alerts', alertBody(input));
  }

  /** Polls the case's summary until `predicate` holds. */
  async waitForCase(
    caseId: string,
    predicate: (s: CaseSummary) => boolean,
    timeoutMs = 30_000,
  ): Promise<CaseSummary> {
    const deadline = Date.now() + timeoutMs;
    let last: HttpResult<CaseSummary> | undefined;
    for (const pause = pauses(); Date.now() < deadline;) {
      last = await this.api<CaseSummary>('GET', `/v1/cases/${caseId}`);
      if (last.status === 200 && predicate(last.body)) return last.body;
      await sleep(pause.next().value);
    }
    throw new Error(
      `case ${caseId} did not reach the expected state; last answer ${JSON.stringify(last)}`,
    );
  }

  /**
   * Walks a case through identification below the city as the village, the village committee and
   * the township would, with forms that nominate and confirm it, until it waits for the city bureau.
   */
  reachCityDetermination(caseId: string, timeoutMs = 60_000): Promise<CaseSummary> {
    return this.walk(caseId, (c) => c.stage === 'CITY_DETERMINATION', timeoutMs);
  }

  /**
   * Walks a case as `reachCityDetermination` does, and past the city with the standard
   * determination (included, marginal), until it waits at `stage` with a task open.
   */
  walkTo(caseId: string, stage: CaseSummary['stage'], timeoutMs = 60_000): Promise<CaseSummary> {
    return this.walk(caseId, (c) => c.stage === stage && c.openTask !== null, timeoutMs);
  }

  /**
   * A case opened by a bureau's alert (accepted: 202) for a household of its own, walked to `stage`
   * (see `walkTo`); with the head's ID number the alert gave.
   */
  async caseAt(
    stage: CaseSummary['stage'],
    input: AlertInput = {},
    timeoutMs = 60_000,
  ): Promise<CaseSummary & { residentId: string }> {
    const residentId = input.residentId ?? newResidentId();
    const posted = await this.postAlert({ ...input, residentId });
    if (posted.status !== 202) throw new Error(`alert refused: ${JSON.stringify(posted)}`);
    return { ...(await this.walkTo(posted.body.caseId, stage, timeoutMs)), residentId };
  }

  /** Completes the case's open tasks with their standard forms until `there` holds of it. */
  private async walk(
    caseId: string,
    there: (c: CaseSummary) => boolean,
    timeoutMs: number,
  ): Promise<CaseSummary> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.waitForCase(
        caseId,
        (c) => there(c) || (c.openTask !== null && c.stage !== 'INTAKE'),
        Math.max(1000, deadline - Date.now()),
      );
      if (there(s)) return s;
      const task = s.openTask as NonNullable<CaseSummary['openTask']>;
      const done = await this.completeOpenTask(s);
      if (done.status !== 200) {
        throw new Error(`${task.taskId} refused: ${JSON.stringify(done)}`);
      }
      await this.waitForCase(caseId, (c) => c.openTask?.taskId !== task.taskId, 30_000);
    }
  }

  /**
   * Every row of an account's inbox, page after page: suites share the run's database, so one
   * page need not reach the row a test looks for.
   */
  async inbox(as: AccountSpec): Promise<TaskView[]> {
    const rows: TaskView[] = [];
    let after: string | null = null;
    do {
      const query: string = after ? `?limit=200&after=${encodeURIComponent(after)}` : '?limit=200';
      const page = await this.api<{ tasks: TaskView[]; next: string | null }>(
        'GET',
        `/v1/tasks${query}`,
        undefined,
        as,
      );
      if (page.status !== 200) throw new Error(`inbox refused: ${JSON.stringify(page)}`);
      rows.push(...page.body.tasks);
      after = page.body.next;
    } while (after !== null);
    return rows;
  }

  /** Completes the case's open task with its standard form, as the person whose task it is. */
  async completeOpenTask(summary: CaseSummary): Promise<HttpResult> {
    const task = summary.openTask as NonNullable<CaseSummary['openTask']>;
    const form = standardForms[task.kind];
    if (!form) throw new Error(`no standard form for ${task.kind}`);
    return this.api(
      'POST',
      `/v1/cases/${summary.caseId}/tasks/${task.taskId}`,
      form.body,
      form.as(summary.divisions),
    );
  }

  /** The city bureau's determination: a task like the others, its form of kind city-determination. */
  async determine(
    caseId: string,
    body: Record<string, unknown>,
    taskId = 'determination-1',
  ): Promise<HttpResult> {
    return this.api('POST', `/v1/cases/${caseId}/tasks/${taskId}`, {
      kind: 'city-determination',
      ...body,
    });
  }

  async simulator(behaviour: Partial<SimulatorBehaviour>): Promise<void> {
    const result = await this.http('national-sim', 'PUT', '/admin/behaviour', behaviour);
    if (result.status !== 200) throw new Error(`simulator refused ${JSON.stringify(behaviour)}`);
  }

  async simulatorEntries(): Promise<
    { entryId: string; idempotencyKey: string; requests: number }[]
  > {
    return (
      await this.http<{ entryId: string; idempotencyKey: string; requests: number }[]>(
        'national-sim',
        'GET',
        '/admin/entries',
      )
    ).body;
  }

  /** Every entry request the simulator received since it started, in order (see its request log). */
  async simulatorRequests(idempotencyKey?: string): Promise<SimulatorRequest[]> {
    const { status, body } = await this.http<SimulatorRequest[]>(
      'national-sim',
      'GET',
      NationalSystemHttp.adminRequestsPath,
    );
    if (status !== 200) throw new Error(`simulator request log: HTTP ${status}`);
    return idempotencyKey ? body.filter((r) => r.idempotencyKey === idempotencyKey) : body;
  }

  /**
   * The attempt of each of a workflow's activities of this type that history records as started
   * (Temporal records only the last attempt, with the failure of the one before), and how that
   * previous attempt ended (see `FailureSummary`).
   */
  async activityStarts(
    workflowId: string,
    activityType: string,
  ): Promise<{ attempt: number; lastFailure: FailureSummary | null }[]> {
    const history = await (await this.client()).workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const scheduled = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
        .map((e) => String(e.eventId)),
    );
    return events
      .map((e) => e.activityTaskStartedEventAttributes)
      .filter((a): a is temporal.api.history.v1.IActivityTaskStartedEventAttributes =>
        Boolean(a && scheduled.has(String(a.scheduledEventId))),
      )
      .map((a) => ({ attempt: a.attempt ?? 0, lastFailure: describeFailure(a.lastFailure) }));
  }

  /**
   * The rows `sql` returns once `predicate` holds of them, read again and again as `waitUntil`
   * polls: for rows a service writes a moment after a case's state (read models, the inbox, an
   * outbox's marks), which a test reads as soon as the case has moved.
   */
  async rowsWhen<R extends QueryResultRow>(
    sql: string,
    params: unknown[],
    predicate: (rows: R[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<R[]> {
    return waitUntil(
      `rows as expected of ${sql.replace(/\s+/g, ' ').trim()}`,
      async () => {
        const { rows } = await this.db.query<R>(sql, params);
        return predicate(rows) ? rows : undefined;
      },
      timeoutMs,
    );
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM (${sql}) AS q`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }
}

/** A policy setting of the API (`POLICY_…` in its environment), named without the prefix. */
export type PolicySetting = {
  [Key in keyof typeof apiSettings]: Key extends `POLICY_${infer Name}` ? Name : never;
}[keyof typeof apiSettings];

/**
 * The API's environment for a suite's own policy (waits of seconds where production waits days).
 * The names are checked against the API's settings: a misspelt one fails to compile rather than
 * leaving the suite on the harness's default.
 */
export function policyEnv(values: Partial<Record<PolicySetting, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [`POLICY_${name}`, value]),
  );
}

/**
 * The suite's system: started before the suite's other hooks that follow this call, stopped after
 * its tests. What it returns stands for the system once started (a test or a later hook uses it as
 * the system itself); used earlier, it says so.
 */
export function suiteSystem(
  suite: string,
  extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  options: TestSystemOptions = {},
): TestSystem {
  let started: TestSystem | undefined;
  beforeAll(async () => {
    started = await TestSystem.start(suite, extraEnv, options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as TestSystem, {
    get(_, key) {
      if (!started) throw new Error(`${suite}: its system is used before beforeAll started it`);
      const value: unknown = Reflect.get(started, key, started);
      return typeof value === 'function' ? (value as () => unknown).bind(started) : value;
    },
  });
}

/**
 * The pauses of a polling loop: short at first, since most of what a test waits for (a case taking
 * up a form, a row of the inbox) follows within a few tenths of a second, then doubling up to
 * `longestMs`, so that a long wait (a notice period) does not load the system it watches.
 */
function* pauses(longestMs = 200): Generator<number, never> {
  for (let ms = 25; ; ms = Math.min(longestMs, ms * 2)) yield ms;
}

/** Waits until a visibility query finds exactly `expected` workflows (visibility is eventually consistent). */
export async function waitForVisibility(
  client: Client,
  query: string,
  expected: number,
  timeoutMs = 20_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let ids: string[] = [];
  for (const pause = pauses(250); Date.now() < deadline;) {
    // Every execution listed, runs of one workflow id each counted (not a set of ids).
    ids = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    if (ids.length === expected) return ids;
    await sleep(pause.next().value);
  }
  throw new Error(`visibility query found ${ids.length}, expected ${expected}: ${query}`);
}

/** The workflow ids a visibility query lists now. */
export async function workflowIdsOf(client: Client, query: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const execution of client.workflow.list({ query })) ids.add(execution.workflowId);
  return ids;
}

/**
 * The id of the one execution the query lists that `before` did not hold, once visibility shows
 * it (suites share the namespace: what others started is in `before`). Two new ones fail.
 */
export function newWorkflowId(client: Client, query: string, before: Set<string>): Promise<string> {
  return waitUntil(`a new execution of ${query}`, async () => {
    const added = [...(await workflowIdsOf(client, query))].filter((id) => !before.has(id));
    expect(added.length).toBeLessThanOrEqual(1);
    return added[0];
  });
}

/** Polls `probe` until it returns a value (not undefined), and returns it; fails after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (const pause = pauses(100); Date.now() < deadline;) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(pause.next().value);
  }
  throw new Error(`${what}: not seen within ${timeoutMs} ms`);
}

/** Which failure info a failure carries, with its timeout or application type: codes only. */
export interface FailureSummary {
  info: string;
  timeoutType?: string;
  applicationType?: string;
}

function describeFailure(
  failure: temporal.api.failure.v1.IFailure | null | undefined,
): FailureSummary | null {
  if (!failure) return null;
  const info = (Object.keys(failure) as (keyof typeof failure)[]).find(
    (k) => k.endsWith('FailureInfo') && failure[k],
  );
  const timeoutType = failure.timeoutFailureInfo?.timeoutType;
  const applicationType = failure.applicationFailureInfo?.type;
  return {
    info: info?.replace(/FailureInfo$/, '') ?? 'none',
    ...(timeoutType != null ? { timeoutType: temporal.api.enums.v1.TimeoutType[timeoutType] } : {}),
    ...(applicationType ? { applicationType } : {}),
  };
}

/** The signing key of Temporal's tokens, when the run's server has an authorizer. */
export function testTemporalAuth(): { keyFile: string; keyId: string; issuer: string } | undefined {
  const keyFile = process.env.FANPIN_TEST_TEMPORAL_AUTH_KEY_FILE;
  if (!keyFile) return undefined;
  return {
    keyFile,
    keyId: required('FANPIN_TEST_TEMPORAL_AUTH_KEY_ID'),
    issuer: required('FANPIN_TEST_TEMPORAL_AUTH_ISSUER'),
  };
}
