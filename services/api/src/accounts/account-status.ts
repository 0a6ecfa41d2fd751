import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { AccountChangeListener, AccountsRepository } from '@fanpin/persistence';

import { API_CONFIG, type ApiConfig } from '../settings';

/** The listener's name in `pg_stat_activity`. */
export const LISTENER_APPLICATION_NAME = 'fanpin-monitor-account-listener';

/** Accounts remembered at most; the oldest answer is forgotten first. */
const MAX_ENTRIES = 10_000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * What decides whether a token of the account still counts: the account exists and is not disabled,
 * and the token was issued in the account's current session epoch (or is the one token that
 * outlived the last raise, `keeper`). Sign-out and a password change raise the epoch.
 */
export interface Standing {
  active: boolean;
  epoch: number;
  keeper: string | null;
}

interface Entry extends Standing {
  until: number;
}

const GONE: Standing = { active: false, epoch: 0, keeper: null };

/**
 * Whether a token's account may still act (it exists, is not disabled, and the token is of its
 * current session epoch: `Standing`), asked by every
 * authenticated request. The answer comes from memory while this process listens to the `accounts`
 * table's change notifications, so that a staff request needs no query before its work: a change
 * to an account (disabled, deleted, created again) reaches every API instance as soon as it is
 * committed, and is never answered from memory afterwards.
 *
 * - Without a live listener (not connected yet, connection lost) nothing is remembered and every
 *   request reads the table, since what happened meanwhile is unknown.
 * - An answer read while a change notification arrived is not remembered (generation count), so a
 *   read that raced a disable cannot bring the old status back.
 * - Entries also expire after AUTH_STATUS_CACHE_SECONDS; 0 turns remembering off.
 */
@Injectable()
export class AccountStatus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccountStatus.name);
  private readonly entries = new Map<string, Entry>();
  private listener?: AccountChangeListener;
  private listening = false;
  /** Bumped on every change notification and every (dis)connection of the listener. */
  private generation = 0;
  private retryMs = RETRY_MIN_MS;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly accounts: AccountsRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private get ttlMs(): number {
    return this.config.AUTH_STATUS_CACHE_SECONDS * 1000;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.ttlMs > 0) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.stopRemembering();
    await this.listener?.end().catch(() => undefined);
  }

  /** Whether the account exists and is not disabled. */
  async active(accountId: string): Promise<boolean> {
    return (await this.standing(accountId)).active;
  }

  /** Whether the account may act, and which session epoch its tokens must carry. */
  async standing(accountId: string): Promise<Standing> {
    const now = Date.now();
    const known = this.listening ? this.entries.get(accountId) : undefined;
    if (known && known.until > now) {
      return { active: known.active, epoch: known.epoch, keeper: known.keeper };
    }
    const generation = this.generation;
    const row = await this.accounts.standing(accountId);
    const standing: Standing = row
      ? { active: row.active === true, epoch: Number(row.epoch), keeper: row.keeper ?? null }
      : GONE;
    if (this.listening && generation === this.generation) this.remember(accountId, standing, now);
    return standing;
  }

  /** Forgets one account at once, in this process (the notification does it everywhere). */
  forget(accountId: string): void {
    this.generation++;
    this.entries.delete(accountId);
  }

  /** Forgets every account; a read under way is not remembered either. */
  private forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Without a live listener nothing is remembered: changes could be missed. */
  private stopRemembering(): void {
    this.listening = false;
    this.forgetAll();
  }

  private remember(accountId: string, standing: Standing, now: number): void {
    this.entries.delete(accountId);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(accountId, { ...standing, until: now + this.ttlMs });
  }

  private async listen(): Promise<void> {
    const lost = () => {
      if (this.listener !== client) return;
      this.stopRemembering();
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`account change listener lost: every request reads account status`);
      this.schedule();
    };
    const client = new AccountChangeListener(this.config.DATABASE_URL, LISTENER_APPLICATION_NAME, {
      changed: (accountId) => (accountId === '*' ? this.forgetAll() : this.forget(accountId)),
      lost,
    });
    this.listener = client;
    try {
      await client.listen();
    } catch (error) {
      this.logger.warn(
        `account change listener not connected (${error instanceof Error ? error.name : 'error'})`,
      );
      lost();
      return;
    }
    if (this.listener !== client || this.stopped) return;
    // Anything remembered before this point may have missed a change.
    this.forgetAll();
    this.listening = true;
    this.retryMs = RETRY_MIN_MS;
  }

  private schedule(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listen(), this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
