import { randomBytes } from 'node:crypto';

import { JwtService } from '@nestjs/jwt';

import { TestSystem, uniqueId } from '../../support/harness';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  cookies: string[];
}

/** The cookies a browser of the console holds, and the CSRF token its page read. */
interface Browser {
  console: string;
  csrf: string;
  expiresAt: string;
}

/**
 * The staff console's session in the browser, over real HTTP: a session cookie instead of a token
 * the page could keep, a CSRF proof on every write by cookie, sign-out and a password change that
 * end the account's other sessions, and an expired session told apart from none. Bearer tokens
 * (integrations, scripts) work as before, without any CSRF proof.
 */
describe('trust boundary: the console session', () => {
  let t: TestSystem;
  let base: string;
  let host: string;

  beforeAll(async () => {
    // Sessions are the API's alone: no case is opened here.
    t = await TestSystem.start('trust-boundary-console-session', {}, { services: ['api'] });
    base = t.system.services.api.url;
    host = new URL(base).host;
  });

  afterAll(async () => {
    await t?.stop();
  });

  async function send(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      cookies: response.headers.getSetCookie(),
    };
  }

  /** A staff account of this role made by the administrator, and its password. */
  async function account(role: string, divisionCode?: string) {
    const accountId = uniqueId('console').toLowerCase();
    const password = randomBytes(12).toString('base64url');
    const made = await t.api(
      'POST',
      '/v1/admin/accounts',
      { accountId, kind: 'staff', role, password, ...(divisionCode ? { divisionCode } : {}) },
      { role: 'administrator' },
    );
    expect(made.status).toBe(201);
    return { accountId, password };
  }

  const cookieValue = (cookies: string[], name: string) =>
    cookies
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0]
      ?.slice(name.length + 1);

  /** A new account signed in two browsers' sessions and with a bearer token, as one person does. */
  async function signedInThrice(role: string, divisionCode: string) {
    const who = await account(role, divisionCode);
    const browser = await signIn(who);
    const elsewhere = await signIn(who);
    const login = await send('POST', '/v1/auth/login', { body: who });
    const bearer = { authorization: `Bearer ${login.body.accessToken as string}` };
    return { who, browser, elsewhere, bearer };
  }

  async function signIn(who: { accountId: string; password: string }): Promise<Browser> {
    const answer = await send('POST', '/v1/auth/session', {
      body: who,
      headers: { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    });
    expect(answer.status).toBe(200);
    return {
      console: cookieValue(answer.cookies, 'fanpin_console') as string,
      csrf: cookieValue(answer.cookies, 'fanpin_csrf') as string,
      expiresAt: answer.body.expiresAt as string,
    };
  }

  /** The headers the console's page sends: its cookies, and on a write its CSRF token. */
  const asBrowser = (b: Pick<Browser, 'console' | 'csrf'>, withCsrf = true) => ({
    cookie: `fanpin_console=${b.console}; fanpin_csrf=${b.csrf}`,
    'sec-fetch-site': 'same-origin',
    origin: `http://${host}`,
    ...(withCsrf ? { 'x-csrf-token': b.csrf } : {}),
  });

  const newAccountBody = () => ({
    accountId: uniqueId('made').toLowerCase(),
    kind: 'staff',
    role: 'supervisor',
    password: 'a long passphrase of twelve',
  });

  it('signs in with cookies only: HttpOnly session, readable CSRF token, no token in the body', async () => {
    const who = await account('city-bureau', '220681');
    const answer = await send('POST', '/v1/auth/session', { body: who });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('accessToken');
    expect(answer.body).toMatchObject({ actor: { id: who.accountId, role: 'city-bureau' } });
    const session = answer.cookies.find((c) => c.startsWith('fanpin_console='));
    const csrf = answer.cookies.find((c) => c.startsWith('fanpin_csrf='));
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; Max-Age=\d+/);
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(csrf).toMatch(/; SameSite=Strict/);
    expect(cookieValue(answer.cookies, 'fanpin_csrf')).toBe(answer.body.csrfToken);

    const browser = {
      console: cookieValue(answer.cookies, 'fanpin_console') as string,
      csrf: answer.body.csrfToken as string,
    };
    const me = await send('GET', '/v1/auth/me', { headers: asBrowser(browser, false) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: who.accountId,
      role: 'city-bureau',
      divisionCode: '220681',
      authenticatedBy: 'session',
      expiresAt: answer.body.expiresAt,
      csrfToken: browser.csrf,
    });
    // Any read of the role, by cookie alone.
    const years = await send('GET', '/v1/calendar/years', { headers: asBrowser(browser, false) });
    expect(years.status).toBe(200);
  });

  it('takes a write by cookie only with its CSRF token, from this site', async () => {
    const admin = await account('administrator');
    const browser = await signIn(admin);
    const write = (headers: Record<string, string>) =>
      send('POST', '/v1/admin/accounts', { body: newAccountBody(), headers });

    const withoutToken = await write(asBrowser(browser, false));
    expect(withoutToken).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });
    const wrongToken = await write({ ...asBrowser(browser), 'x-csrf-token': 'forged' });
    expect(wrongToken).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });
    // The token of another session of the same account is not this one's.
    const other = await signIn(admin);
    const crossed = await write({ ...asBrowser(browser), 'x-csrf-token': other.csrf });
    expect(crossed).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });
    const crossSite = await write({ ...asBrowser(browser), origin: 'https://evil.example' });
    expect(crossSite).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });
    const fetchedCrossSite = await write({ ...asBrowser(browser), 'sec-fetch-site': 'cross-site' });
    expect(fetchedCrossSite).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });

    const accepted = await write(asBrowser(browser));
    expect(accepted.status).toBe(201);
    // A sign-in posted from another site (login CSRF) is refused too.
    const planted = await send('POST', '/v1/auth/session', {
      body: admin,
      headers: { origin: 'https://evil.example' },
    });
    expect(planted).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });
    // Refusals are audited with their reason.
    const refused = await t.db.query<{ reason: string }>(
      `SELECT reason FROM audit_log WHERE kind = 'access.refused' AND actor_id = $1`,
      [admin.accountId],
    );
    expect(refused.rows.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        'CSRF_MISSING',
        'CSRF_WRONG',
        'CROSS_SITE_ORIGIN',
        'CROSS_SITE_FETCH',
      ]),
    );
  });

  it('keeps bearer tokens working as before, without any CSRF proof', async () => {
    const admin = await account('administrator');
    const login = await send('POST', '/v1/auth/login', { body: admin });
    expect(login.status).toBe(200);
    const bearer = { authorization: `Bearer ${login.body.accessToken as string}` };
    const made = await send('POST', '/v1/admin/accounts', {
      body: newAccountBody(),
      headers: bearer,
    });
    expect(made.status).toBe(201);
    const me = await send('GET', '/v1/auth/me', { headers: bearer });
    expect(me.body).toMatchObject({ id: admin.accountId, authenticatedBy: 'bearer' });
    expect(me.body).not.toHaveProperty('csrfToken');
    // A bearer header wins over a cookie: a bad one is not rescued by a good cookie.
    const browser = await signIn(admin);
    const garbled = await send('GET', '/v1/auth/me', {
      headers: { ...asBrowser(browser), authorization: 'Bearer x.y.z' },
    });
    expect(garbled).toMatchObject({ status: 401, body: { code: 'AUTH.TOKEN_INVALID' } });
  });

  it('signs out: clears the cookies and ends every session and token of the account', async () => {
    const { who, browser, elsewhere, bearer } = await signedInThrice(
      'township-officer',
      '220681100',
    );

    const forged = await send('POST', '/v1/auth/logout', { headers: asBrowser(browser, false) });
    expect(forged).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });
    expect((await send('GET', '/v1/auth/me', { headers: asBrowser(browser) })).status).toBe(200);

    const out = await send('POST', '/v1/auth/logout', { headers: asBrowser(browser) });
    expect(out.status).toBe(204);
    for (const name of ['fanpin_console', 'fanpin_csrf', 'fanpin_session']) {
      expect(out.cookies.find((c) => c.startsWith(`${name}=;`))).toMatch(
        /Expires=Thu, 01 Jan 1970/,
      );
    }
    for (const b of [browser, elsewhere]) {
      const after = await send('GET', '/v1/auth/me', { headers: asBrowser(b) });
      expect(after).toMatchObject({ status: 401, body: { code: 'AUTH.SESSION_ENDED' } });
    }
    const byBearer = await send('GET', '/v1/auth/me', { headers: bearer });
    expect(byBearer).toMatchObject({ status: 401, body: { code: 'AUTH.TOKEN_INVALID' } });
    // Signing out again, or without any session, still clears the cookies.
    expect((await send('POST', '/v1/auth/logout', { headers: asBrowser(browser) })).status).toBe(
      204,
    );
    expect((await send('POST', '/v1/auth/logout')).status).toBe(204);
    // A new sign-in works at once.
    const again = await signIn(who);
    expect((await send('GET', '/v1/auth/me', { headers: asBrowser(again) })).status).toBe(200);
    const audited = await t.db.query(
      `SELECT 1 FROM audit_log WHERE kind = 'auth.logout' AND outcome = 'ok' AND actor_id = $1`,
      [who.accountId],
    );
    expect(audited.rowCount).toBe(1);
  });

  it('changes the password: the old one and the other sessions stop working, this one goes on', async () => {
    const { who, browser, elsewhere, bearer } = await signedInThrice(
      'village-cadre',
      '220681100200',
    );
    const newPassword = 'another long passphrase';

    const withoutCsrf = await send('POST', '/v1/auth/password', {
      body: { currentPassword: who.password, newPassword },
      headers: asBrowser(browser, false),
    });
    expect(withoutCsrf).toMatchObject({ status: 403, body: { code: 'AUTH.CSRF' } });
    const wrong = await send('POST', '/v1/auth/password', {
      body: { currentPassword: 'not the password', newPassword },
      headers: asBrowser(browser),
    });
    expect(wrong).toMatchObject({ status: 403, body: { code: 'AUTH.BAD_CREDENTIALS' } });
    const tooShort = await send('POST', '/v1/auth/password', {
      body: { currentPassword: who.password, newPassword: 'short' },
      headers: asBrowser(browser),
    });
    expect(tooShort).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    expect(JSON.stringify(tooShort.body)).not.toContain(who.password);

    const changed = await send('POST', '/v1/auth/password', {
      body: { currentPassword: who.password, newPassword },
      headers: asBrowser(browser),
    });
    expect(changed.status).toBe(204);
    expect((await send('GET', '/v1/auth/me', { headers: asBrowser(browser) })).status).toBe(200);
    const other = await send('GET', '/v1/auth/me', { headers: asBrowser(elsewhere) });
    expect(other).toMatchObject({ status: 401, body: { code: 'AUTH.SESSION_ENDED' } });
    const byBearer = await send('GET', '/v1/auth/me', { headers: bearer });
    expect(byBearer).toMatchObject({ status: 401, body: { code: 'AUTH.TOKEN_INVALID' } });

    const oldPassword = await send('POST', '/v1/auth/session', { body: who });
    expect(oldPassword).toMatchObject({ status: 401, body: { code: 'AUTH.BAD_CREDENTIALS' } });
    const signedIn = await send('POST', '/v1/auth/login', {
      body: { accountId: who.accountId, password: newPassword },
    });
    expect(signedIn.status).toBe(200);
    const audited = await t.db.query<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE kind = 'account.password-changed' AND actor_id = $1
       ORDER BY id`,
      [who.accountId],
    );
    expect(audited.rows.map((r) => r.outcome)).toEqual(['failed', 'ok']);
  });

  it("leaves the Temporal Web UI's codec calls to their own cookie, without a CSRF proof", async () => {
    const who = await account('supervisor');
    const answer = await send('POST', '/v1/auth/session', { body: who });
    const codec = answer.cookies.find((c) => c.startsWith('fanpin_session='));
    expect(codec).toMatch(/; Path=\/codec/);
    expect(codec).toMatch(/; HttpOnly/);
    // The browser sends both cookies to /codec; the Web UI adds no header.
    const decoded = await send('POST', '/codec/decode', {
      body: { payloads: [] },
      headers: {
        cookie: `fanpin_console=${cookieValue(answer.cookies, 'fanpin_console') as string}; fanpin_session=${cookieValue(answer.cookies, 'fanpin_session') as string}`,
      },
    });
    expect(decoded).toMatchObject({ status: 200, body: { payloads: [] } });
  });

  it('answers an expired session with its own code, so that the console can sign in again', async () => {
    const who = await account('supervisor');
    const browser = await signIn(who);
    // The same session's token, as it will be once its time is up (AUTH_TOKEN_TTL_SECONDS is 60 at
    // the least): signed with the system's own secret, only its clock moved back an hour.
    const payload = JSON.parse(
      Buffer.from(browser.console.split('.')[1] as string, 'base64url').toString(),
    ) as Record<string, number | string>;
    const hour = 3600;
    const expired = new JwtService({ secret: t.secrets.authTokenSecret }).sign(
      { ...payload, iat: (payload.iat as number) - hour, exp: (payload.exp as number) - hour },
      { algorithm: 'HS256' },
    );
    const byCookie = await send('GET', '/v1/auth/me', {
      headers: asBrowser({ console: expired, csrf: browser.csrf }),
    });
    expect(byCookie).toMatchObject({ status: 401, body: { code: 'AUTH.SESSION_EXPIRED' } });
    const byBearer = await send('GET', '/v1/auth/me', {
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(byBearer).toMatchObject({ status: 401, body: { code: 'AUTH.TOKEN_EXPIRED' } });
    // No session at all is another answer.
    const none = await send('GET', '/v1/auth/me');
    expect(none).toMatchObject({ status: 401, body: { code: 'AUTH.REQUIRED' } });
    // The session's cookie outlives it, so that the browser still sends it once it has expired.
    const maxAge = Number(
      /Max-Age=(\d+)/.exec(
        (await send('POST', '/v1/auth/session', { body: who })).cookies[0] as string,
      )?.[1],
    );
    const ttl = (Date.parse(browser.expiresAt) - Date.now()) / 1000;
    expect(maxAge).toBeGreaterThan(ttl + 3600);
  });
});
