import type { DataSource } from 'typeorm';

import { AuditKinds } from '../audit/audit-log';

/** The failure count of an account as a lock left it: an expired lock counts as none. */
const FAILURES_SO_FAR = `CASE WHEN locked_until <= now() THEN 0 ELSE failed_logins END`;

/**
 * One sign-in attempt on an account, its lock check and its count in one statement: the row lock of
 * the UPDATE orders concurrent attempts, and each re-reads the row the one before it left, so that N
 * wrong passwords at once count N and no attempt gets past a lock another one has just set.
 *
 * Nothing is updated when the account is locked, unknown, disabled or not a staff account; else a
 * right password clears the count and a wrong one adds to it (from zero once a lock has expired),
 * locking the account for `$4` seconds when it reaches `$3`.
 */
const ATTEMPT_SQL = `
  UPDATE accounts SET
    failed_logins = CASE WHEN $2 THEN 0 ELSE ${FAILURES_SO_FAR} + 1 END,
    locked_until = CASE
      WHEN $2 THEN NULL
      WHEN ${FAILURES_SO_FAR} + 1 >= $3 THEN now() + make_interval(secs => $4)
      ELSE NULL END
  WHERE account_id = $1 AND kind = 'staff' AND disabled_at IS NULL
    AND (locked_until IS NULL OR locked_until <= now())
  RETURNING failed_logins, locked_until`;

/** What an attempt did: `undefined` when the account may not sign in now (locked or unusable). */
export type Attempt = { lockedNow: boolean } | undefined;

export async function recordAttempt(
  db: DataSource,
  accountId: string,
  passwordRight: boolean,
  policy: { maxFailures: number; lockSeconds: number },
): Promise<Attempt> {
  const [rows] = await db.query<[{ locked_until: Date | null }[], number]>(ATTEMPT_SQL, [
    accountId,
    passwordRight,
    policy.maxFailures,
    policy.lockSeconds,
  ]);
  const row = rows[0];
  return row ? { lockedNow: row.locked_until !== null } : undefined;
}

/** When failed sign-ins last locked the account since its last successful sign-in, if they did. */
export async function lockSinceLastSignIn(
  db: DataSource,
  accountId: string,
): Promise<Date | undefined> {
  const [row] = await db.query<{ at: Date | null }[]>(
    `SELECT max(at) AS at FROM audit_log
     WHERE kind = $2 AND target = $1
       AND id > coalesce((SELECT max(id) FROM audit_log
                          WHERE kind = $3 AND outcome = 'ok' AND actor_id = $1), 0)`,
    [accountId, AuditKinds.accountLocked, AuditKinds.login],
  );
  return row?.at ?? undefined;
}
