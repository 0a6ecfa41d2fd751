import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';

import type { CaseSummary, SimulatorBehaviour } from '@fanpin/contracts';
import { System, freePort, ServiceNames, type ServiceName } from '@fanpin/devstack';
import { residentIdCheckChar } from '@fanpin/domain';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through npm test`);
  return value;
}

/** A valid resident ID number, different for every call in a test run. Synthetic, not a person's. */
let serial = randomInt(0, 20_000);
export function newResidentId(): string {
  serial += 1;
  const birth = new Date(Date.UTC(1950, 0, 1) + (serial % 20_000) * 86_400_000);
  const yyyymmdd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `220681${yyyymmdd}${String(Math.floor(serial / 20_000) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The same number with a check character that does not match: fails GB 11643-1999. */
export function withWrongCheckChar(residentId: string): string {
  const last = residentId.at(-1);
  return residentId.slice(0, 17) + (last === '0' ? '1' : '0');
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export interface AlertInput {
  alertId?: string;
  bureau?: string;
  villageCode?: string;
  residentId?: string;
  name?: string;
  triggers?: number[];
}

export function alertBody(input: AlertInput = {}): Record<string, unknown> {
  return {
    alertId: input.alertId ?? uniqueId('ALERT'),
    bureau: input.bureau ?? 'health',
    villageCode: input.villageCode ?? '220681001200',
    head: { name: input.name ?? '测试户主', residentId: input.residentId ?? newResidentId() },
    triggers: input.triggers ?? [2],
  };
}

/** The whole system as separate processes on free ports, against the run's Temporal and PostgreSQL. */
export class TestSystem {
  readonly db: Pool;
  private connection?: Connection;
  private clientInstance?: Client;

  private constructor(
    readonly system: System,
    readonly temporalAddress: string,
    databaseUrl: string,
  ) {
    this.db = new Pool({ connectionString: databaseUrl, max: 4 });
  }

  static async start(
    suite: string,
    extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  ): Promise<TestSystem> {
    const temporalAddress = required('FANPIN_TEST_TEMPORAL_ADDRESS');
    const databaseUrl = required('FANPIN_TEST_DATABASE_URL');
    const ports = {} as Record<ServiceName, number>;
    for (const name of ServiceNames) ports[name] = await freePort();
    const system = new System({
      temporalAddress,
      databaseUrl,
      householdKeySecret: randomBytes(32).toString('base64url'),
      logDir: path.join(required('FANPIN_TEST_LOG_DIR'), suite),
      ports,
      extraEnv,
    });
    const testSystem = new TestSystem(system, temporalAddress, databaseUrl);
    await system.start();
    return testSystem;
  }

  async client(): Promise<Client> {
    if (!this.clientInstance) {
      this.connection = await Connection.connect({ address: this.temporalAddress });
      this.clientInstance = new Client({ connection: this.connection });
    }
    return this.clientInstance;
  }

  async stop(): Promise<void> {
    await this.system.stop();
    await this.connection?.close();
    await this.db.end();
  }

  async http<T = Record<string, unknown>>(
    service: ServiceName,
    method: string,
    urlPath: string,
    body?: unknown,
    rawBody?: string,
  ): Promise<HttpResult<T>> {
    const response = await fetch(`${this.system.services[service].url}${urlPath}`, {
      method,
      headers:
        body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {},
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  api<T = Record<string, unknown>>(
    method: string,
    urlPath: string,
    body?: unknown,
  ): Promise<HttpResult<T>> {
    return this.http<T>('api', method, urlPath, body);
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
    while (Date.now() < deadline) {
      last = await this.api<CaseSummary>('GET', `/v1/cases/${caseId}`);
      if (last.status === 200 && predicate(last.body)) return last.body;
      await sleep(200);
    }
    throw new Error(
      `case ${caseId} did not reach the expected state; last answer ${JSON.stringify(last)}`,
    );
  }

  async determine(
    caseId: string,
    body: Record<string, unknown>,
    taskId = 'determination-1',
  ): Promise<HttpResult> {
    return this.api('POST', `/v1/cases/${caseId}/tasks/${taskId}/determination`, body);
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

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM (${sql}) AS q`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }
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
  while (Date.now() < deadline) {
    ids = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    if (ids.length === expected) return ids;
    await sleep(250);
  }
  throw new Error(`visibility query found ${ids.length}, expected ${expected}: ${query}`);
}
