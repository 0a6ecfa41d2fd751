/** Addresses remembered at most; the oldest is forgotten first. */
const MAX_ADDRESSES = 50_000;

interface Window {
  failures: number;
  /** When the count started: it and any refusal end `windowMs` later. */
  since: number;
}

/**
 * Failed sign-ins per client address, whatever the accounts tried: an address that has failed
 * `limit` times is refused until its window ends, and then counts from zero again. In memory, per
 * API instance: it slows down guessing across accounts from one place, which the per-account lock
 * cannot see.
 */
export class AddressFailures {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may try again (rounded up), or 0 when it may now. */
  refusedFor(address: string): number {
    const window = this.current(address);
    if (!window || window.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((window.since + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const window = this.current(address) ?? { failures: 0, since: this.now() };
    window.failures += 1;
    this.windows.delete(address);
    if (this.windows.size >= MAX_ADDRESSES) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(address, window);
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && window.since + this.windowMs <= this.now()) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }
}
