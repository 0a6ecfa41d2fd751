import type { FieldProblem } from '@contracts/api/errors';

/** An answer of the API that is not a success: its stable code, and the field problems if any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly correlationId: string | undefined,
    readonly details: FieldProblem[] = [],
  ) {
    super(code);
  }
}

/** The session cookie is HttpOnly; this one only proves to the API that the page is its own. */
const CSRF_COOKIE = 'fanpin_csrf';
const CSRF_HEADER = 'x-csrf-token';

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Asked when a request finds the session gone: resolves once the person has signed in again (the
 * page, and any form being filled, stay as they are), rejects if they give up.
 */
let reauthenticate: (() => Promise<void>) | undefined;
export function onSessionLost(handler: () => Promise<void>): void {
  reauthenticate = handler;
}

const SESSION_GONE = new Set([
  'AUTH.REQUIRED',
  'AUTH.TOKEN_INVALID',
  'AUTH.TOKEN_EXPIRED',
  'AUTH.SESSION_EXPIRED',
  'AUTH.SESSION_ENDED',
]);

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** A raw body (a file upload) with its media type. */
  raw?: { data: Blob | ArrayBuffer | string; type: string };
  /** Sign-in itself: a 401 is an answer to show, not a lost session. */
  noReauth?: boolean;
}

/** An empty filter, or a flag that is off, is left out of the address; a flag on is `true`. */
export function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '' && value !== false) {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = options.raw.data;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  try {
    return await fetch(urlOf(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', undefined);
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const correlationId = response.headers.get('x-correlation-id') ?? undefined;
  try {
    const body = (await response.json()) as { code?: string; details?: FieldProblem[] };
    return new ApiError(response.status, body.code ?? 'INTERNAL', correlationId, body.details);
  } catch {
    return new ApiError(
      response.status,
      response.status >= 500 ? 'INTERNAL' : 'HTTP',
      correlationId,
    );
  }
}

/** One call of the API, as the signed-in person; a lost session is renewed once, then retried. */
export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  let response = await send(method, path, options);
  if (response.status === 401 && !options.noReauth && reauthenticate) {
    const error = await errorOf(response);
    if (!SESSION_GONE.has(error.code)) throw error;
    await reauthenticate();
    response = await send(method, path, options);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string, query?: RequestOptions['query']) =>
  request<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
  request<T>('POST', path, { ...options, body });
