import { createHmac, timingSafeEqual } from 'node:crypto';

import type { CookieOptions } from 'express';

/** What these checks read of a request (Express's `Request` has it). */
export interface RequestHeaders {
  method: string;
  /** Express's host: the Host header, or X-Forwarded-Host behind trusted proxies. */
  host: string;
  header(name: string): string | undefined;
}

/**
 * The staff console's session in the browser (`POST /v1/auth/session`): the access token in an
 * HttpOnly cookie no script can read, and a CSRF token beside it that the console's script reads
 * and sends back as a header with every write.
 */
export const CONSOLE_COOKIE = 'fanpin_console';
/** Readable by the console's script (not HttpOnly): the value to send as `X-CSRF-Token`. */
export const CSRF_COOKIE = 'fanpin_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * How long the cookies outlive the session they hold. An expired session is still sent, so that the
 * API can answer `AUTH.SESSION_EXPIRED` (sign in again, keep your form) rather than `AUTH.REQUIRED`;
 * the token inside is refused all the same. 12 hours: the longest a token may live.
 */
export const COOKIE_GRACE_SECONDS = 12 * 3600;

/** Methods that change something: by cookie, only with the CSRF proof. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafe(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The value of one cookie of the request (the first of that name), if sent. */
export function cookieOf(
  request: Pick<RequestHeaders, 'header'>,
  name: string,
): string | undefined {
  const cookies = request.header('cookie');
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The key of the CSRF tokens, derived from the token secret (rotating it renews both). */
export function csrfKeyOf(tokenSecret: string): Buffer {
  return createHmac('sha256', tokenSecret).update('fanpin-monitor csrf v1').digest();
}

/**
 * The CSRF token of a session: an HMAC of the session's token id. Bound to the session, so that a
 * cookie planted by a neighbouring site (same-site, another origin) cannot pair with a header it
 * chose: the signed double-submit of OWASP's cheat sheet.
 */
export function csrfTokenOf(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(sessionId).digest('base64url');
}

/**
 * Why a request signed in by the session cookie may not change anything, or null when it may: a
 * stable reason code for the audit log. Safe methods always may. A write must
 * - not come from another site: `Sec-Fetch-Site` (sent by every current browser) other than
 *   `same-origin`, or an `Origin` other than the API's own host, is refused;
 * - carry `X-CSRF-Token` equal to the session's CSRF token (compared in constant time).
 */
export function csrfProblem(
  request: RequestHeaders,
  key: Buffer,
  sessionId: string,
): string | null {
  if (!isUnsafe(request.method)) return null;
  const crossSite = crossSiteProblem(request);
  if (crossSite) return crossSite;
  const sent = request.header(CSRF_HEADER);
  if (!sent) return 'CSRF_MISSING';
  const expected = Buffer.from(csrfTokenOf(key, sessionId));
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'CSRF_WRONG';
  return null;
}

/** Why the request looks sent from another site, or null. Absent headers (curl) say nothing. */
export function crossSiteProblem(request: Pick<RequestHeaders, 'header' | 'host'>): string | null {
  const site = request.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return 'CROSS_SITE_FETCH';
  const origin = request.header('origin');
  if (origin === undefined) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return 'CROSS_SITE_ORIGIN';
  }
  // `host` is Express's: the Host header, or X-Forwarded-Host behind trusted proxies.
  return host !== '' && host === request.host ? null : 'CROSS_SITE_ORIGIN';
}

/** The attributes of the console's cookies. */
export function consoleCookieOptions(
  secure: boolean,
  maxAgeSeconds: number,
  httpOnly: boolean,
): CookieOptions {
  return {
    httpOnly,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: maxAgeSeconds * 1000,
  };
}
