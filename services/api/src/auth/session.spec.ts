import {
  cookieOf,
  crossSiteProblem,
  csrfKeyOf,
  csrfProblem,
  csrfTokenOf,
  isUnsafe,
  CSRF_HEADER,
} from './session';

const key = csrfKeyOf('s'.repeat(32));
const sessionId = '5b2a8c62-2f8e-4d7e-9a55-0e0f3c1d2b4a';
const token = csrfTokenOf(key, sessionId);

/** A request as Express shows it, with these headers (lower-case names). */
function request(method: string, headers: Record<string, string> = {}, host = 'console.example') {
  return { method, host, header: (name: string) => headers[name.toLowerCase()] };
}

describe('console session: CSRF', () => {
  it('lets reads through without any proof', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(csrfProblem(request(method), key, sessionId)).toBeNull();
      expect(isUnsafe(method)).toBe(false);
    }
  });

  it('refuses a write without the header, or with a wrong one', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(isUnsafe(method)).toBe(true);
      expect(csrfProblem(request(method), key, sessionId)).toBe('CSRF_MISSING');
      expect(csrfProblem(request(method, { [CSRF_HEADER]: 'x' }), key, sessionId)).toBe(
        'CSRF_WRONG',
      );
      const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      expect(csrfProblem(request(method, { [CSRF_HEADER]: flipped }), key, sessionId)).toBe(
        'CSRF_WRONG',
      );
    }
  });

  it('takes a write with the token of its own session only', () => {
    const own = request('POST', { [CSRF_HEADER]: token });
    expect(csrfProblem(own, key, sessionId)).toBeNull();
    // Another session's token (a cookie planted next to the real one) is not this session's proof.
    const other = request('POST', { [CSRF_HEADER]: csrfTokenOf(key, 'another-session') });
    expect(csrfProblem(other, key, sessionId)).toBe('CSRF_WRONG');
    // Nor one made under another secret.
    const foreign = csrfTokenOf(csrfKeyOf('t'.repeat(32)), sessionId);
    expect(csrfProblem(request('POST', { [CSRF_HEADER]: foreign }), key, sessionId)).toBe(
      'CSRF_WRONG',
    );
  });

  it('refuses a write sent from another site, even with the right token', () => {
    const withToken = (headers: Record<string, string>) =>
      csrfProblem(request('POST', { [CSRF_HEADER]: token, ...headers }), key, sessionId);
    expect(withToken({ 'sec-fetch-site': 'cross-site' })).toBe('CROSS_SITE_FETCH');
    expect(withToken({ 'sec-fetch-site': 'same-site' })).toBe('CROSS_SITE_FETCH');
    expect(withToken({ origin: 'https://evil.example' })).toBe('CROSS_SITE_ORIGIN');
    expect(withToken({ origin: 'null' })).toBe('CROSS_SITE_ORIGIN');
    expect(withToken({ origin: 'https://console.example:8443' })).toBe('CROSS_SITE_ORIGIN');
    expect(withToken({ origin: 'https://console.example', 'sec-fetch-site': 'same-origin' })).toBe(
      null,
    );
  });

  it('says nothing of a request without those headers (curl, scripts)', () => {
    expect(crossSiteProblem(request('POST'))).toBeNull();
  });

  it('reads one cookie among others', () => {
    const req = request('GET', { cookie: 'a=1; fanpin_console=x.y.z; fanpin_csrf=abc=' });
    expect(cookieOf(req, 'fanpin_console')).toBe('x.y.z');
    expect(cookieOf(req, 'fanpin_csrf')).toBe('abc=');
    expect(cookieOf(req, 'missing')).toBeUndefined();
    expect(cookieOf(request('GET'), 'fanpin_console')).toBeUndefined();
  });
});
