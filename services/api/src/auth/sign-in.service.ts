import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { ErrorCodes, type Actor, type Token } from '@fanpin/contracts';
import {
  AccountsRepository,
  AuditLogRepository,
  type AccountRow,
  type SignInAttempt,
} from '@fanpin/persistence';

import { AccountsService } from '../accounts/accounts.service';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';
import { API_CONFIG, type ApiConfig } from '../settings';
import { AddressFailures } from './address-failures';
import type { IssuedToken } from './tokens';

const badCredentials = () =>
  new ApiError(ErrorCodes.authBadCredentials, 401, 'the account or the password is wrong');

/**
 * Staff sign-in that cannot be turned against its users. Every attempt on a username takes the
 * same path (a place in the hashing queue, a read, a hash, the attempt statement, an audit row)
 * whether the account exists, is locked, or not: an unknown, a locked and a wrong answer are the
 * same 401. The account's owner learns of a lock from the `lockedAt` of their next sign-in.
 */
@Injectable()
export class SignInService {
  private readonly addresses: AddressFailures;

  constructor(
    private readonly repository: AccountsRepository,
    private readonly log: AuditLogRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.addresses = new AddressFailures(
      config.AUTH_MAX_FAILED_LOGINS_PER_ADDRESS,
      config.AUTH_LOCK_SECONDS * 1000,
    );
  }

  async login(accountId: string, password: string, request: Request): Promise<Token> {
    return (await this.signIn(accountId, password, request)).view;
  }

  /** A sign-in: the token issued (for the console's cookie) and its view. */
  async signIn(
    accountId: string,
    password: string,
    request: Request,
  ): Promise<{ issued: IssuedToken; view: Token }> {
    this.refuseBusyAddress(request);
    const { row, account, right } = await this.checkPassword(accountId, password);
    const attempt = await this.recordAttempt(accountId, right && !!account);
    const audit = (outcome: 'ok' | 'failed' | 'refused', reason: string | null) =>
      this.audit.record(
        { kind: AuditKinds.login, outcome, actor: { id: accountId, role: row?.role }, reason },
        request,
      );
    if (!account || !attempt || !right) {
      await this.recordFailure(accountId, attempt, request);
      const reason = !row
        ? 'ACCOUNT_UNKNOWN'
        : !account
          ? 'ACCOUNT_UNUSABLE'
          : !attempt
            ? 'LOCKED'
            : 'WRONG_PASSWORD';
      await audit(reason === 'LOCKED' ? 'refused' : 'failed', reason);
      throw badCredentials();
    }
    const lockedAt = await this.log.lockedSinceSignIn(accountId, {
      locked: AuditKinds.accountLocked,
      signIn: AuditKinds.login,
    });
    await audit('ok', null);
    const { issued, view } = this.accounts.issueToken(account);
    return { issued, view: lockedAt ? { ...view, lockedAt: lockedAt.toISOString() } : view };
  }

  /**
   * A change of one's own password, guarded as sign-in is: the current password is checked through
   * the same hashing queue (429 AUTH.BUSY when full), a wrong one counts towards the account's lock
   * and the address's failures (429 RATE.LIMITED past them), and a locked account may not change
   * it. Every other session and token of the account ends; the one that changed it (`keep`) stays.
   */
  async changePassword(
    actor: Actor,
    keep: string | null,
    current: string,
    next: string,
    request: Request,
  ): Promise<void> {
    this.refuseBusyAddress(request);
    const { account, right } = await this.checkPassword(actor.id, current);
    const audit = (outcome: 'ok' | 'failed' | 'refused', reason: string | null) =>
      this.audit.record(
        { kind: AuditKinds.passwordChanged, outcome, actor, target: actor.id, reason },
        request,
      );
    if (!account) {
      await audit('refused', 'NO_PASSWORD');
      throw new ApiError(ErrorCodes.accessDenied, 403, 'this account has no password');
    }
    const attempt = await this.recordAttempt(actor.id, right);
    if (!attempt || !right) {
      await this.recordFailure(actor.id, attempt, request);
      await audit(attempt ? 'failed' : 'refused', attempt ? 'WRONG_PASSWORD' : 'LOCKED');
      throw new ApiError(
        ErrorCodes.authBadCredentials,
        403,
        'the current password is wrong (or the account is locked after failed attempts)',
      );
    }
    const hash = await this.accounts.hasher.hash(next);
    await this.repository.setPassword(actor.id, hash);
    await this.accounts.endSessions(actor.id, keep);
    await audit('ok', null);
  }

  /**
   * The account, the same account when it is a staff one that may sign in with a password, and
   * whether `password` is its password. The place in the hashing queue is taken before anything
   * else: a full queue (HashQueueFull, 429 AUTH.BUSY) costs nothing more. Without a usable password
   * the decoy is hashed instead, so that every answer takes as long.
   */
  private async checkPassword(
    accountId: string,
    password: string,
  ): Promise<{
    row?: AccountRow;
    account?: AccountRow & { password_hash: string };
    right: boolean;
  }> {
    const decoy = await this.accounts.decoy();
    const place = this.accounts.hasher.queue.enter();
    const row = await this.accounts.find(accountId).catch(async (error: unknown) => {
      (await place)();
      throw error;
    });
    const account =
      row?.kind === 'staff' && !row.disabled_at && row.password_hash
        ? { ...row, password_hash: row.password_hash }
        : undefined;
    const right = await this.accounts.hasher.verifyInTurn(
      place,
      password,
      account?.password_hash ?? decoy,
    );
    return { row, account, right };
  }

  /** Counts the attempt towards the account's lock; undefined when the account is locked. */
  private recordAttempt(accountId: string, right: boolean): Promise<SignInAttempt> {
    return this.repository.recordSignInAttempt(accountId, right, {
      maxFailures: this.config.AUTH_MAX_FAILED_LOGINS,
      lockSeconds: this.config.AUTH_LOCK_SECONDS,
    });
  }

  /** A failed attempt counts towards the address's failures; a lock it caused is audited. */
  private async recordFailure(
    accountId: string,
    attempt: SignInAttempt,
    request: Request,
  ): Promise<void> {
    this.addresses.recordFailure(request.ip ?? 'unknown');
    if (attempt?.lockedNow) {
      await this.audit.record(
        {
          kind: AuditKinds.accountLocked,
          outcome: 'ok',
          target: accountId,
          reason: 'FAILED_SIGN_INS',
        },
        request,
      );
    }
  }

  private refuseBusyAddress(request: Request): void {
    const refusedFor = this.addresses.refusedFor(request.ip ?? 'unknown');
    if (refusedFor > 0) {
      throw new ApiError(
        ErrorCodes.rateLimited,
        429,
        'too many failed sign-ins from this address: try again later',
        undefined,
        refusedFor,
      );
    }
  }
}
