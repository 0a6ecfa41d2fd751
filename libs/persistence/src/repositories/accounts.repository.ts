import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Role } from '@fanpin/contracts';

import type { Queryable } from './database';

export interface AccountRow {
  account_id: string;
  kind: 'staff' | 'integration';
  role: Role;
  division_code: string | null;
  org: string | null;
  household_key: string | null;
  password_hash: string | null;
  secret_hash: string | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_at: Date;
  session_epoch: number;
}

/** An account to create; its hashes made by the caller. */
export interface NewAccount {
  accountId: string;
  kind: AccountRow['kind'];
  role: Role;
  divisionCode: string | null;
  org: string | null;
  householdKey: string | null;
  passwordHash: string | null;
  secretHash: string | null;
  createdBy: string;
}

/** Whether the account may act, and the session epoch its tokens must carry, as stored. */
export interface StandingRow {
  active: boolean;
  epoch: number;
  keeper: string | null;
}

/** What a sign-in attempt did: `undefined` when the account may not sign in now (locked or unusable). */
export type SignInAttempt = { lockedNow: boolean } | undefined;

const COLUMNS = `account_id, kind, role, division_code, org, household_key, password_hash,
  secret_hash, failed_logins, locked_until, disabled_at, created_at, session_epoch`;

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

/** Accounts of staff (password) and integrations (client secret): `accounts`. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(accountId: string): Promise<AccountRow | undefined> {
    const rows = await this.dataSource.query<AccountRow[]>(
      `SELECT ${COLUMNS} FROM accounts WHERE account_id = $1`,
      [accountId],
    );
    return rows[0];
  }

  async list(): Promise<AccountRow[]> {
    return this.dataSource.query<AccountRow[]>(
      `SELECT ${COLUMNS} FROM accounts ORDER BY account_id LIMIT 10000`,
    );
  }

  async standing(accountId: string): Promise<StandingRow | undefined> {
    const [row] = await this.dataSource.query<StandingRow[]>(
      `SELECT disabled_at IS NULL AS active, session_epoch AS epoch, epoch_keeper AS keeper
       FROM accounts WHERE account_id = $1`,
      [accountId],
    );
    return row;
  }

  /** The account, unless its id is taken (then undefined). */
  async create(account: NewAccount): Promise<AccountRow | undefined> {
    const rows = await this.dataSource.query<AccountRow[]>(
      `INSERT INTO accounts (account_id, kind, role, division_code, org, household_key,
                             password_hash, secret_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (account_id) DO NOTHING RETURNING ${COLUMNS}`,
      [
        account.accountId,
        account.kind,
        account.role,
        account.divisionCode,
        account.org,
        account.householdKey,
        account.passwordHash,
        account.secretHash,
        account.createdBy,
      ],
    );
    return rows[0];
  }

  /** Creates the administrator account unless it exists; whether it did. */
  async createAdministrator(accountId: string, passwordHash: string): Promise<boolean> {
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO accounts (account_id, kind, role, password_hash, created_by)
       VALUES ($1, 'staff', 'administrator', $2, 'bootstrap')
       ON CONFLICT (account_id) DO NOTHING RETURNING account_id`,
      [accountId, passwordHash],
    );
    return inserted.length > 0;
  }

  /** Disables the account (the first time counts); undefined when there is no such account. */
  async disable(accountId: string): Promise<AccountRow | undefined> {
    const rows = await this.dataSource.query<[AccountRow[], number]>(
      `UPDATE accounts SET disabled_at = coalesce(disabled_at, now())
       WHERE account_id = $1 RETURNING ${COLUMNS}`,
      [accountId],
    );
    return rows[0]?.[0];
  }

  /** Lifts a lock of failed sign-ins and clears the count. */
  async unlock(accountId: string): Promise<AccountRow | undefined> {
    const rows = await this.dataSource.query<[AccountRow[], number]>(
      `UPDATE accounts SET failed_logins = 0, locked_until = NULL
       WHERE account_id = $1 RETURNING ${COLUMNS}`,
      [accountId],
    );
    return rows[0]?.[0];
  }

  async setPassword(
    accountId: string,
    passwordHash: string,
    db: Queryable = this.dataSource,
  ): Promise<void> {
    await db.query(`UPDATE accounts SET password_hash = $2 WHERE account_id = $1`, [
      accountId,
      passwordHash,
    ]);
  }

  /** Raises the account's session epoch; the token `keep` (an id) alone outlives it. */
  async raiseSessionEpoch(
    accountId: string,
    keep: string | null,
    db: Queryable = this.dataSource,
  ): Promise<void> {
    await db.query(
      `UPDATE accounts SET session_epoch = session_epoch + 1, epoch_keeper = $2
       WHERE account_id = $1`,
      [accountId, keep],
    );
  }

  /** Counts one sign-in attempt, and locks the account when failures reach the policy's limit. */
  async recordSignInAttempt(
    accountId: string,
    passwordRight: boolean,
    policy: { maxFailures: number; lockSeconds: number },
  ): Promise<SignInAttempt> {
    const [rows] = await this.dataSource.query<[{ locked_until: Date | null }[], number]>(
      ATTEMPT_SQL,
      [accountId, passwordRight, policy.maxFailures, policy.lockSeconds],
    );
    const row = rows[0];
    return row ? { lockedNow: row.locked_until !== null } : undefined;
  }
}
