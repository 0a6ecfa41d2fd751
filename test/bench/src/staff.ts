import { randomBytes } from 'node:crypto';
import http from 'node:http';

import { AllSecure, type Role, type TaskFormOf } from '@fanpin/contracts';

import { benchDivisions } from './cases';

/** The village verification form of the e2e tests' standard forms: it nominates the household. */
const villageVerification = JSON.stringify({
  kind: 'village-verification',
  outcome: 'nominate',
  incomePerCapita: 4200,
  lastYearIncomePerCapita: 7800,
  rigidExpenses: 36000,
  assurances: AllSecure,
  labourCapacity: 'partial',
  triggers: [2],
  commitmentSigned: true,
  commitmentSignedOn: '2026-11-30',
} satisfies TaskFormOf<'village-verification'>);

export const firstTaskId = 'village-verification-1';

/** The task's stage after a nomination: the answer the bench expects. */
const nextStage = 'DEMOCRATIC_APPRAISAL';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Keep-alive connections, as a browser keeps them. Requests go through node:http rather than
 * `fetch`: measured against a bare local server here, fetch's own work added some 0.4 ms at the
 * median and 2–3 ms at the 99th percentile, which is the bench's cost, not the API's.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** Closes the kept-alive connections (at the end of a run). */
export function closeStaffConnections(): void {
  agent.destroy();
}

function call(url: string, method: string, body?: string, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('error', reject);
        response.on('end', () => {
          try {
            resolve({
              status: response.statusCode ?? 0,
              body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function expectStatus(answer: Answer, status: number, what: string): Record<string, unknown> {
  if (answer.status !== status) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return answer.body;
}

/**
 * A staff account of the bench, of one role and division, acting through the HTTP API as staff do.
 * The account is made once by the bootstrap administrator.
 */
export class StaffAccount {
  protected token?: string;
  private readonly accountId: string;
  private readonly password = randomBytes(18).toString('base64url');

  constructor(
    protected readonly apiUrl: string,
    private readonly admin: { accountId: string; password: string },
    private readonly role: Role,
    private readonly divisionCode: string,
  ) {
    this.accountId = `bench-${role}-${randomBytes(4).toString('hex')}`;
  }

  /** Creates the account (first time) and signs in: a fresh token outlives a phase of the bench. */
  async signIn(): Promise<void> {
    if (!this.token) await this.createAccount();
    const login = JSON.stringify({ accountId: this.accountId, password: this.password });
    const body = expectStatus(
      await call(`${this.apiUrl}/v1/auth/login`, 'POST', login),
      200,
      `${this.role} sign-in`,
    );
    this.token = body.accessToken as string;
  }

  private async createAccount(): Promise<void> {
    const admin = expectStatus(
      await call(`${this.apiUrl}/v1/auth/login`, 'POST', JSON.stringify(this.admin)),
      200,
      'administrator sign-in',
    );
    const account = JSON.stringify({
      accountId: this.accountId,
      kind: 'staff',
      role: this.role,
      divisionCode: this.divisionCode,
      password: this.password,
    });
    expectStatus(
      await call(`${this.apiUrl}/v1/admin/accounts`, 'POST', account, admin.accessToken as string),
      201,
      `${this.role} account`,
    );
  }

  /** `POST <path>` of a JSON body with the account's token; anything but 200 fails the run. */
  async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const answer = await call(`${this.apiUrl}${path}`, 'POST', JSON.stringify(body), this.token);
    return expectStatus(answer, 200, `POST ${path} as ${this.role}`);
  }

  /** `GET <path>` with the account's token; anything but 200 fails the run. */
  async get(path: string): Promise<Record<string, unknown>> {
    const answer = await call(`${this.apiUrl}${path}`, 'GET', undefined, this.token);
    return expectStatus(answer, 200, `GET ${path} as ${this.role}`);
  }
}

/** The bench's village cadre (村干部) of the synthetic households' village. */
export class VillageCadre extends StaffAccount {
  constructor(apiUrl: string, admin: { accountId: string; password: string }) {
    super(apiUrl, admin, 'village-cadre', benchDivisions.villageCode);
  }

  /** `POST /v1/cases/{caseId}/tasks/village-verification-1`: the case moves to its appraisal. */
  async verify(caseId: string): Promise<void> {
    const url = `${this.apiUrl}/v1/cases/${caseId}/tasks/${firstTaskId}`;
    const answer = await call(url, 'POST', villageVerification, this.token);
    const body = expectStatus(answer, 200, `${firstTaskId} of ${caseId}`);
    if (body.stage !== nextStage) {
      throw new Error(`${firstTaskId} of ${caseId} answered ${JSON.stringify(body)}`);
    }
  }
}
