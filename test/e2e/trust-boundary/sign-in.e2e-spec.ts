import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';

import { alertBody, healthBureau, TestSystem, uniqueId } from '../../support/harness';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const THRESHOLD = 3;
/**
 * Also the window of an address's failures: long enough for PER_ADDRESS wrong sign-ins in a row to
 * fall inside it on a busy machine (each one hashes), short enough to wait out twice.
 */
const LOCK_SECONDS = 8;
const HASH_CONCURRENCY = 2;
const HASH_QUEUE = 6;
const PER_ADDRESS = 12;
const RATE_LIMIT = 60;

/**
 * Sign-in and the request edge attacked as an outsider would, on loopback and bounded: locking an
 * account out for good, telling accounts apart, racing the failure count, starving sign-in, and
 * bodies that inflate. Each attack comes from its own loopback address (127.0.0.x), since the
 * limits are per client address.
 */
describe('trust boundary: sign-in and request bodies', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await TestSystem.start('trust-boundary-sign-in', {
      api: {
        AUTH_SCRYPT_LOG2_N: '14',
        AUTH_MAX_FAILED_LOGINS: String(THRESHOLD),
        AUTH_LOCK_SECONDS: String(LOCK_SECONDS),
        AUTH_MAX_FAILED_LOGINS_PER_ADDRESS: String(PER_ADDRESS),
        AUTH_HASH_CONCURRENCY: String(HASH_CONCURRENCY),
        AUTH_HASH_QUEUE: String(HASH_QUEUE),
        RATE_LIMIT_PUBLIC_REQUESTS: String(RATE_LIMIT),
        // Long enough for a burst of RATE_LIMIT + 20 requests to fall into one window on a busy
        // machine (each opens a connection of its own): over two windows, none need be refused.
        RATE_LIMIT_WINDOW_MS: '5000',
      },
    });
  });

  afterAll(async () => {
    await t?.stop();
  });

  /** A request from `from` (a loopback address), its body sent as given. */
  function send(
    from: string,
    method: string,
    path: string,
    body?: Buffer | string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const url = new URL(path, t.system.services.api.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, localAddress: from, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const signIn = (from: string, accountId: string, password: string) =>
    send(from, 'POST', '/v1/auth/login', JSON.stringify({ accountId, password }), {
      'content-type': 'application/json',
    });

  /** A staff account with this password, made by the administrator. */
  async function newAccount(password: string): Promise<string> {
    const accountId = uniqueId('cadre').toLowerCase();
    const created = await t.api(
      'POST',
      '/v1/admin/accounts',
      { accountId, kind: 'staff', role: 'village-cadre', divisionCode: '220681100200', password },
      { role: 'administrator' },
    );
    expect(created.status).toBe(201);
    return accountId;
  }

  const stateOf = async (accountId: string) =>
    (
      await t.db.query<{ failed_logins: number; locked: boolean }>(
        `SELECT failed_logins, coalesce(locked_until > now(), false) AS locked FROM accounts WHERE account_id = $1`,
        [accountId],
      )
    ).rows[0];

  const audited = (kind: string, who: string, reason?: string) =>
    t.count(
      `SELECT 1 FROM audit_log WHERE kind = $1 AND (actor_id = $2 OR target = $2)
       AND ($3::text IS NULL OR reason = $3)`,
      [kind, who, reason ?? null],
    );

  const withoutCorrelation = (answer: Answer) => {
    const { correlationId, ...rest } = answer.body;
    expect(typeof correlationId).toBe('string');
    return { status: answer.status, body: rest };
  };

  it('cannot keep an account locked: the lock expires, the count starts again, the owner signs in and is told', async () => {
    const from = '127.0.0.11';
    const password = 'the owner’s own passphrase';
    const accountId = await newAccount(password);
    for (let i = 0; i < THRESHOLD; i++) {
      expect((await signIn(from, accountId, 'a guess')).status).toBe(401);
    }
    expect(await stateOf(accountId)).toEqual({ failed_logins: THRESHOLD, locked: true });
    expect(await audited('account.locked', accountId)).toBe(1);
    // Locked: the owner too is refused, and told nothing more than a wrong password.
    const refused = await signIn('127.0.0.12', accountId, password);
    expect(withoutCorrelation(refused)).toEqual({
      status: 401,
      body: { code: 'AUTH.BAD_CREDENTIALS', message: 'the account or the password is wrong' },
    });
    const lockedUntil = async () =>
      (
        await t.api<{ accountId: string; lockedUntil: string | null }[]>(
          'GET',
          '/v1/admin/accounts',
          undefined,
          { role: 'administrator' },
        )
      ).body.find((a) => a.accountId === accountId)?.lockedUntil;
    expect(await lockedUntil()).toEqual(expect.any(String));

    await sleep(LOCK_SECONDS * 1000 + 300);
    // An expired lock is no lock, in the administrators' list too.
    expect(await lockedUntil()).toBeNull();
    // One more guess after expiry counts from zero: it does not lock the account again at once.
    expect((await signIn(from, accountId, 'another guess')).status).toBe(401);
    expect(await stateOf(accountId)).toEqual({ failed_logins: 1, locked: false });
    const owner = await signIn('127.0.0.12', accountId, password);
    expect(owner.status).toBe(200);
    expect(owner.body.lockedAt).toEqual(expect.any(String));
    expect(await stateOf(accountId)).toEqual({ failed_logins: 0, locked: false });
    // Told once: the next sign-in has nothing to report.
    const again = await signIn('127.0.0.12', accountId, password);
    expect(again.status).toBe(200);
    expect(again.body.lockedAt).toBeUndefined();
  });

  it('lets an administrator unlock an account, audited', async () => {
    const from = '127.0.0.13';
    const password = 'an unlockable passphrase';
    const accountId = await newAccount(password);
    for (let i = 0; i < THRESHOLD; i++) await signIn(from, accountId, 'wrong');
    expect((await signIn(from, accountId, password)).status).toBe(401);
    const unlocked = await t.api<{ lockedUntil: string | null }>(
      'POST',
      `/v1/admin/accounts/${accountId}/unlock`,
      undefined,
      { role: 'administrator' },
    );
    expect(unlocked).toMatchObject({ status: 200, body: { lockedUntil: null } });
    expect(await audited('account.unlocked', accountId)).toBe(1);
    expect((await signIn(from, accountId, password)).status).toBe(200);
    const other = await t.api('POST', `/v1/admin/accounts/${accountId}/unlock`, undefined, {
      role: 'village-cadre',
      divisionCode: '220681100200',
    });
    expect(other).toMatchObject({ status: 403, body: { code: 'ACCESS.DENIED' } });
  });

  it('answers an unknown account and a locked one alike, in the same time', async () => {
    const from = '127.0.0.14';
    const password = 'a locked passphrase';
    const locked = await newAccount(password);
    const open = await newAccount('an open passphrase');
    for (let i = 0; i < THRESHOLD; i++) await signIn(from, locked, 'wrong');
    const unknown = uniqueId('nobody').toLowerCase();
    const answers = [
      await signIn(from, unknown, password),
      await signIn(from, locked, password),
      await signIn(from, locked, 'wrong'),
      await signIn(from, open, 'wrong'),
    ].map(withoutCorrelation);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(401);

    // Both paths read the account, hash and run the attempt statement. Load on the machine only
    // adds time, so the fastest of several attempts is each path's own cost: a path that skipped
    // the hash (about 75 ms at this suite's scrypt cost) would be faster by well over the margin
    // allowed here. Each timed attempt comes from an address of its own: the address limit is not
    // what is measured.
    let attempt = 0;
    const timed = async (accountId: string) => {
      attempt += 1;
      const started = process.hrtime.bigint();
      await signIn(`127.0.2.${attempt}`, accountId, 'wrong');
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const unknownMs: number[] = [];
    const lockedMs: number[] = [];
    for (let i = 0; i < 9; i++) {
      unknownMs.push(await timed(unknown));
      lockedMs.push(await timed(locked));
    }
    const [u, l] = [Math.min(...unknownMs), Math.min(...lockedMs)];
    expect(Math.abs(u - l)).toBeLessThan(Math.max(15, 0.35 * Math.max(u, l)));
    expect(await stateOf(locked)).toEqual({ failed_logins: THRESHOLD, locked: true });
  });

  it('counts N concurrent wrong passwords as N: the lock comes at exactly the threshold', async () => {
    const from = '127.0.0.15';
    const accountId = await newAccount('a raced passphrase');
    const n = HASH_CONCURRENCY + HASH_QUEUE;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => signIn(from, accountId, `guess ${i}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: n }, () => 401));
    expect(await stateOf(accountId)).toEqual({ failed_logins: THRESHOLD, locked: true });
    expect(await audited('auth.login', accountId, 'WRONG_PASSWORD')).toBe(THRESHOLD);
    expect(await audited('auth.login', accountId, 'LOCKED')).toBe(n - THRESHOLD);
  });

  it('answers a flood beyond the hashing queue 429 with Retry-After, and still signs the owner in', async () => {
    const password = 'a flooded passphrase';
    const accountId = await newAccount(password);
    const flood = 40;
    const answers = await Promise.all(
      Array.from({ length: flood }, (_, i) =>
        signIn(`127.0.1.${1 + (i % 20)}`, uniqueId('nobody').toLowerCase(), 'guess'),
      ),
    );
    const busy = answers.filter((a) => a.status === 429);
    const admitted = answers.filter((a) => a.status === 401);
    expect(busy.length + admitted.length).toBe(flood);
    // Only the queue's places are taken at once; a few more may get one as earlier hashes end.
    expect(admitted.length).toBeLessThanOrEqual(2 * (HASH_CONCURRENCY + HASH_QUEUE));
    expect(busy.length).toBeGreaterThanOrEqual(flood - 2 * (HASH_CONCURRENCY + HASH_QUEUE));
    for (const answer of busy) {
      expect(answer.body).toMatchObject({ code: 'AUTH.BUSY', correlationId: expect.any(String) });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect((await signIn('127.0.0.16', accountId, password)).status).toBe(200);
  });

  it('refuses an address that keeps failing, whatever the accounts, until its window ends', async () => {
    const from = '127.0.0.17';
    const password = 'an address-limited passphrase';
    const accountId = await newAccount(password);
    for (let i = 0; i < PER_ADDRESS; i++) {
      expect((await signIn(from, uniqueId('nobody').toLowerCase(), 'guess')).status).toBe(401);
    }
    const refused = await signIn(from, accountId, password);
    expect(refused).toMatchObject({ status: 429, body: { code: 'RATE.LIMITED' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another address is not affected, nor is the account.
    expect((await signIn('127.0.0.18', accountId, password)).status).toBe(200);
    await sleep(LOCK_SECONDS * 1000 + 300);
    expect((await signIn(from, accountId, password)).status).toBe(200);
  });

  it('rate-limits the public routes with the project’s error body', async () => {
    const answers = await Promise.all(
      Array.from({ length: RATE_LIMIT + 20 }, () => send('127.0.0.19', 'GET', '/health/live')),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    for (const answer of limited) {
      expect(answer.body).toMatchObject({
        code: 'RATE.LIMITED',
        message: expect.any(String),
        correlationId: expect.any(String),
      });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect((await send('127.0.0.20', 'GET', '/health/live')).status).toBe(200);
  });

  it('sends security headers, no X-Powered-By, and a Secure session cookie', async () => {
    const password = 'a cookie passphrase';
    const accountId = await newAccount(password);
    const answer = await signIn('127.0.0.21', accountId, password);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-powered-by']).toBeUndefined();
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['strict-transport-security']).toEqual(expect.any(String));
    expect(answer.headers['content-security-policy']).toEqual(expect.any(String));
    const cookie = answer.headers['set-cookie']?.join(';') ?? '';
    expect(cookie).toMatch(/fanpin_session=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  describe('request bodies', () => {
    /** About 64 KB of gzip that inflates to 64 MiB of JSON. */
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from('{"pad":"'),
        Buffer.alloc(64 * 1024 * 1024, 0x61),
        Buffer.from('"}'),
      ]),
      { level: 9 },
    );
    const memory = () => {
      const status = readFileSync(`/proc/${t.system.services.api.pid}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
      return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
    };
    const gzipJson = { 'content-type': 'application/json', 'content-encoding': 'gzip' };

    it('refuses an unauthenticated inflating body without inflating it', async () => {
      expect(bomb.length).toBeLessThan(200_000);
      const before = memory();
      // The batch route takes bodies of up to 64 MiB: each of these would be inflated in full.
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          send('127.0.0.31', 'PUT', `/v1/alert-batches/BOMB-${i}`, bomb, gzipJson),
        ),
      );
      for (const answer of answers) {
        expect(answer).toMatchObject({ status: 401, body: { code: 'AUTH.REQUIRED' } });
      }
      const after = memory();
      // Four bodies inflated would have taken 256 MiB.
      expect(after.rss - before.rss).toBeLessThan(32 * 1024 * 1024);
      expect(after.peak - before.peak).toBeLessThan(32 * 1024 * 1024);
    });

    it('refuses an authenticated body that inflates past the limit with 413, inflating no more', async () => {
      const token = await t.token(healthBureau);
      const before = memory();
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          send('127.0.0.32', 'POST', '/v1/alerts', bomb, {
            ...gzipJson,
            authorization: `Bearer ${token}`,
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer).toMatchObject({ status: 413, body: { code: 'INPUT.TOO_LARGE' } });
      }
      const after = memory();
      expect(after.peak - before.peak).toBeLessThan(32 * 1024 * 1024);

      // A compressed body within the limit is read as any other.
      const alert = gzipSync(JSON.stringify(alertBody()));
      const accepted = await send('127.0.0.32', 'POST', '/v1/alerts', alert, {
        ...gzipJson,
        authorization: `Bearer ${token}`,
      });
      expect(accepted.status).toBe(202);
      const brotli = await send('127.0.0.32', 'POST', '/v1/alerts', alert, {
        ...gzipJson,
        'content-encoding': 'br',
        authorization: `Bearer ${token}`,
      });
      expect(brotli).toMatchObject({ status: 415, body: { code: 'INPUT.UNSUPPORTED_MEDIA_TYPE' } });
    });

    it('refuses a declared length over the limit before reading it', async () => {
      const token = await t.token(healthBureau);
      const answer = await send('127.0.0.33', 'POST', '/v1/alerts', Buffer.alloc(100_000, 0x20), {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      });
      expect(answer).toMatchObject({ status: 413, body: { code: 'INPUT.TOO_LARGE' } });
    });
  });
});
