import { reactive } from 'vue';

import type { Actor, Me, Session } from '@contracts/api/auth';

import { ApiError, get, onSessionLost, post } from './api';

/** Who is signed in. The token itself never reaches script: it lives in an HttpOnly cookie. */
export const session = reactive({
  actor: null as Actor | null,
  /** True while a lost session waits for the person to sign in again over the page. */
  reauthOpen: false,
  lockedAt: null as string | null,
  expiresAt: null as string | null,
});

let waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];

onSessionLost(
  () =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ resolve, reject });
      session.reauthOpen = true;
    }),
);

/** Who the cookie belongs to, or null when nobody is signed in. */
export async function loadSession(): Promise<Actor | null> {
  try {
    const me = await get<Me>('/v1/auth/me');
    session.actor = me;
    session.expiresAt = me.expiresAt;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session.actor = null;
  }
  return session.actor;
}

export async function signIn(accountId: string, password: string): Promise<Actor> {
  const signed = await post<Session>(
    '/v1/auth/session',
    { accountId, password },
    { noReauth: true },
  );
  const changed = session.actor !== null && session.actor.id !== signed.actor.id;
  session.actor = signed.actor;
  session.expiresAt = signed.expiresAt;
  session.lockedAt = signed.lockedAt ?? null;
  const pending = waiting;
  waiting = [];
  session.reauthOpen = false;
  // Signed in again as someone else: what the page was doing belongs to the other account.
  if (changed) {
    for (const p of pending) p.reject(new ApiError(401, 'AUTH.REQUIRED', undefined));
    window.location.assign('/');
  } else {
    for (const p of pending) p.resolve();
  }
  return signed.actor;
}

export function abandonReauth(): void {
  const pending = waiting;
  waiting = [];
  session.reauthOpen = false;
  for (const p of pending) p.reject(new ApiError(401, 'AUTH.REQUIRED', undefined));
}

export async function signOut(): Promise<void> {
  try {
    await post('/v1/auth/logout', undefined, { noReauth: true });
  } finally {
    session.actor = null;
  }
}
