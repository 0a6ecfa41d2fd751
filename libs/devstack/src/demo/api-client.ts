/** A small client of the API for the demo: JSON in, JSON out, the status kept. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** The call, which must answer one of `ok`; otherwise an error naming what was refused. */
  async expect<T = Record<string, unknown>>(
    ok: number[],
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const answer = await this.call<T>(method, path, body);
    if (!ok.includes(answer.status)) {
      throw new Error(
        `${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }

  /** The same API as the account that signs in here (staff password or integration secret). */
  async as(credentials: Credentials): Promise<ApiClient> {
    const { accessToken } =
      'password' in credentials
        ? await this.expect<{ accessToken: string }>([200], 'POST', '/v1/auth/login', {
            accountId: credentials.accountId,
            password: credentials.password,
          })
        : await this.expect<{ accessToken: string }>([200], 'POST', '/v1/auth/token', {
            clientId: credentials.accountId,
            clientSecret: credentials.clientSecret,
          });
    return new ApiClient(this.baseUrl, accessToken);
  }
}

export type Credentials =
  { accountId: string; password: string } | { accountId: string; clientSecret: string };
