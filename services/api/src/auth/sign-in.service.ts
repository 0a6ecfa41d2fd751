import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { ErrorCodes, type Actor, type Token } from '@fanpin/contracts';
import { AccountsRepository, AuditLogRepository } from '@fanpin/persistence';

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
    const decoy = await this.accounts.decoy();
    // Taken before anything else: a full queue (HashQueueFull, 429 AUTH.BUSY) costs nothing more.
    const place = this.accounts.hasher.queue.enter();
    const row = await this.accounts.find(accountId).catch(async (error: unknown) => {
      (await place)();
      throw error;
    });
    const usable = row?.kind === 'staff' && !row.disabled_at && row.password_hash;
    const right = await this.accounts.hasher.verifyInTurn(
      place,
      password,
      usable ? (row.password_hash as string) : decoy,
    );
    const attempt = await this.repository.recordSignInAttempt(accountId, right && !!usable, {
      maxFailures: this.config.AUTH_MAX_FAILED_LOGINS,
      lockSeconds: this.config.AUTH_LOCK_SECONDS,
    });
    const audit = (outcome: 'ok' | 'failed' | 'refused', reason: string | null) =>
      this.audit.record(
        { kind: AuditKinds.login, outcome, actor: { id: accountId, role: row?.role }, reason },
        request,
      );
    if (!usable || !attempt || !right) {
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
      const reason = !row
        ? 'ACCOUNT_UNKNOWN'
        : !usable
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
    const { issued, view } = this.accounts.issueToken(row);
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
    const decoy = await this.accounts.decoy();
    const place = this.accounts.hasher.queue.enter();
    const row = await this.accounts.find(actor.id).catch(async (error: unknown) => {
      (await place)();
      throw error;
    });
    const usable = row?.kind === 'staff' && !row.disabled_at && row.password_hash;
    const right = await this.accounts.hasher.verifyInTurn(
      place,
      current,
      usable ? (row.password_hash as string) : decoy,
    );
    const audit = (outcome: 'ok' | 'failed' | 'refused', reason: string | null) =>
      this.audit.record(
        { kind: AuditKinds.passwordChanged, outcome, actor, target: actor.id, reason },
        request,
      );
    if (!usable) {
      await audit('refused', 'NO_PASSWORD');
      throw new ApiError(ErrorCodes.accessDenied, 403, 'this account has no password');
    }
    const attempt = await this.repository.recordSignInAttempt(actor.id, right, {
      maxFailures: this.config.AUTH_MAX_FAILED_LOGINS,
      lockSeconds: this.config.AUTH_LOCK_SECONDS,
    });
    if (!attempt || !right) {
      this.addresses.recordFailure(request.ip ?? 'unknown');
      if (attempt?.lockedNow) {
        await this.audit.record(
          {
            kind: AuditKinds.accountLocked,
            outcome: 'ok',
            target: actor.id,
            reason: 'FAILED_SIGN_INS',
          },
          request,
        );
      }
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
