import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Request } from 'express';

import { ErrorCodes, type Account, type Actor, type Token } from '@fanpin/contracts';
import { scopeProblem } from '@fanpin/domain';
import {
  AccountsRepository,
  Transactions,
  type AccountRow,
  type Queryable,
} from '@fanpin/persistence';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { PasswordHasher } from '../auth/password';
import { AccountStatus } from './account-status';
import { csrfKeyOf } from '../auth/session';
import { TokenSigner, type IssuedToken } from '../auth/tokens';
import { ApiError } from '../errors/api-error';
import { API_CONFIG, type ApiConfig } from '../settings';
import type { CreateAccountDto } from './dto';

function actorOf(row: AccountRow): Actor {
  return {
    id: row.account_id,
    role: row.role,
    divisionCode: row.division_code,
    org: row.org as Actor['org'],
    householdKey: row.household_key,
  };
}

function toView(row: AccountRow, now = Date.now()): Account {
  return {
    accountId: row.account_id,
    kind: row.kind,
    role: row.role,
    divisionCode: row.division_code,
    org: row.org,
    householdKey: row.household_key,
    disabled: row.disabled_at !== null,
    lockedUntil:
      row.locked_until && row.locked_until.getTime() > now ? row.locked_until.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();
const notFound = () => new ApiError(ErrorCodes.accountNotFound, 404, 'no such account');
const badCredentials = () =>
  new ApiError(ErrorCodes.authBadCredentials, 401, 'the account or the password is wrong');

/** Accounts of staff (password) and integrations (client secret), and token issue. */
@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);
  readonly hasher: PasswordHasher;
  readonly tokens: TokenSigner;
  /** Signs the CSRF tokens of console sessions (session.ts). */
  readonly csrfKey: Buffer;
  /** Verified against when the account does not exist, so that timing does not reveal accounts. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    readonly status: AccountStatus,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.hasher = new PasswordHasher(
      config.AUTH_SCRYPT_LOG2_N,
      config.AUTH_HASH_CONCURRENCY,
      config.AUTH_HASH_QUEUE,
    );
    this.tokens = new TokenSigner(config.AUTH_TOKEN_SECRET, config.AUTH_TOKEN_TTL_SECONDS);
    this.csrfKey = csrfKeyOf(config.AUTH_TOKEN_SECRET);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.decoy();
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!password) return;
    // Created once: a disabled or re-passworded account is never reset by a restart.
    const accountId = this.config.BOOTSTRAP_ADMIN_ACCOUNT;
    const inserted = await this.accounts.createAdministrator(
      accountId,
      await this.hasher.hash(password),
    );
    if (inserted) this.logger.log(`created the administrator account ${accountId}`);
  }

  async clientToken(clientId: string, secret: string, request: Request): Promise<Token> {
    const row = await this.find(clientId);
    const given = sha256(secret);
    const expected = row?.secret_hash ? Buffer.from(row.secret_hash, 'hex') : sha256('');
    const matches = timingSafeEqual(given, expected) && row?.kind === 'integration';
    if (!row || !matches || row.disabled_at) {
      await this.audit.record(
        {
          kind: AuditKinds.token,
          outcome: 'failed',
          actor: { id: clientId, role: row?.role },
          reason: 'BAD_CLIENT_CREDENTIALS',
        },
        request,
      );
      throw badCredentials();
    }
    await this.audit.record(
      { kind: AuditKinds.token, outcome: 'ok', actor: actorOf(row) },
      request,
    );
    return this.issue(row);
  }

  async create(dto: CreateAccountDto, by: Actor, request: Request): Promise<Account> {
    const scope = {
      role: dto.role,
      divisionCode: dto.divisionCode ?? null,
      org: dto.org ?? null,
      householdKey: dto.householdKey ?? null,
    };
    const problem =
      scopeProblem(scope) ??
      (dto.kind === 'integration' && dto.role !== 'sector-bureau'
        ? 'integration accounts are for sector bureaus'
        : null) ??
      (dto.kind === 'staff' && !dto.password ? 'a staff account needs a password' : null) ??
      (dto.kind === 'integration' && dto.password
        ? 'an integration account takes no password'
        : null);
    if (problem) throw new ApiError(ErrorCodes.accountScopeInvalid, 422, problem);
    const clientSecret =
      dto.kind === 'integration' ? randomBytes(32).toString('base64url') : undefined;
    const row = await this.accounts.create({
      accountId: dto.accountId,
      kind: dto.kind,
      role: dto.role,
      divisionCode: scope.divisionCode,
      org: scope.org,
      householdKey: scope.householdKey,
      passwordHash: dto.password ? await this.hasher.hash(dto.password) : null,
      secretHash: clientSecret ? sha256(clientSecret).toString('hex') : null,
      createdBy: by.id,
    });
    if (!row) throw new ApiError(ErrorCodes.accountExists, 409, 'this account id is taken');
    await this.audit.record(
      { kind: AuditKinds.accountCreated, outcome: 'ok', actor: by, target: dto.accountId },
      request,
    );
    return { ...toView(row), ...(clientSecret ? { clientSecret } : {}) };
  }

  async list(): Promise<Account[]> {
    const rows = await this.accounts.list();
    return rows.map((row) => toView(row));
  }

  async disable(accountId: string, by: Actor, request: Request): Promise<Account> {
    const row = await this.accounts.disable(accountId);
    if (!row) throw notFound();
    // Other API instances learn it from the table's notification; this one needs no round trip.
    this.status.forget(accountId);
    await this.audit.record(
      { kind: AuditKinds.accountDisabled, outcome: 'ok', actor: by, target: accountId },
      request,
    );
    return toView(row);
  }

  /** Lifts a lock of failed sign-ins and clears the count. */
  async unlock(accountId: string, by: Actor, request: Request): Promise<Account> {
    const row = await this.accounts.unlock(accountId);
    if (!row) throw notFound();
    await this.audit.record(
      { kind: AuditKinds.accountUnlocked, outcome: 'ok', actor: by, target: accountId },
      request,
    );
    return toView(row);
  }

  /**
   * Sets a staff account's password (an administrator's reset: the owner forgot it) and ends every
   * session and token of the account. A lock of failed sign-ins stays until unlocked.
   */
  async resetPassword(
    accountId: string,
    password: string,
    by: Actor,
    request: Request,
  ): Promise<Account> {
    const row = await this.find(accountId);
    if (!row) throw notFound();
    if (row.kind !== 'staff') {
      throw new ApiError(
        ErrorCodes.accountScopeInvalid,
        422,
        'an integration account has no password (it signs in with its client secret)',
      );
    }
    const hash = await this.hasher.hash(password);
    await this.transactions.run(async (db) => {
      await this.accounts.setPassword(accountId, hash, db);
      await this.endSessions(accountId, null, db);
      await this.audit.record(
        { kind: AuditKinds.accountPasswordReset, outcome: 'ok', actor: by, target: accountId },
        request,
        db,
      );
    });
    // Also after the commit: a request in between may have read the old epoch.
    this.status.forget(accountId);
    return toView(row);
  }

  issue(row: AccountRow): Token {
    return this.issueToken(row).view;
  }

  /** An access token of the account, in its current session epoch, and its view. */
  issueToken(row: AccountRow): { issued: IssuedToken; view: Token } {
    const actor = actorOf(row);
    const issued = this.tokens.sign(actor, Number(row.session_epoch ?? 0));
    const view: Token = {
      accessToken: issued.token,
      tokenType: 'Bearer',
      expiresIn: issued.expiresIn,
      actor,
    };
    return { issued, view };
  }

  /**
   * Ends every session and access token of the account issued so far, but `keep` (a token id), on
   * every API instance at once. Tokens are stateless JWTs, so a single one cannot be struck out
   * without a look-up per request; the account's session epoch can, and it rides on what every
   * request already asks (AccountStatus, from memory while the table's changes are listened to).
   * Signing out therefore signs the account out everywhere; a password change keeps the session
   * that made it. Tokens live AUTH_TOKEN_TTL_SECONDS at most in any case.
   */
  async endSessions(accountId: string, keep: string | null, db?: Queryable) {
    await this.accounts.raiseSessionEpoch(accountId, keep, db);
    this.status.forget(accountId);
  }

  find(accountId: string): Promise<AccountRow | undefined> {
    return this.accounts.find(accountId);
  }

  /** A hash to verify against when there is no usable one, so that timing does not tell. */
  decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    this.decoyHash.catch(() => (this.decoyHash = undefined));
    return this.decoyHash;
  }
}
