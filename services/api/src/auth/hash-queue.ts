/** The queue is full: the caller is answered at once instead of waiting behind everyone else. */
export class HashQueueFull extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the password-hashing queue is full');
    this.name = 'HashQueueFull';
  }
}

/** Gives the place back: the next waiting hash runs. Calling it twice does nothing more. */
export type Release = () => void;

/**
 * At most `concurrency` password hashes run at once and at most `capacity` more wait. A place is
 * taken synchronously, so a flood is refused before it costs a query or a hash, and a sign-in that
 * got a place is never starved by those that came after it.
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: ((release: Release) => void)[] = [];
  /** Smoothed duration of one hash, for Retry-After. */
  private averageMs = 100;

  constructor(
    readonly concurrency: number,
    readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Hashes running or waiting. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  /** Takes a place now, or throws HashQueueFull; the promise resolves when the hash may run. */
  enter(): Promise<Release> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.capacity) throw new HashQueueFull(this.retryAfterSeconds());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Runs `work` in its turn (waiting for a place if need be, or throwing HashQueueFull). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.enter();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Seconds until the queue as it stands now has drained, rounded up: at least 1. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.size / this.concurrency) * (this.averageMs / 1000)));
  }

  private releaser(): Release {
    const started = this.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.averageMs = this.averageMs * 0.8 + (this.now() - started) * 0.2;
      const next = this.waiting.shift();
      if (next) next(this.releaser());
      else this.running -= 1;
    };
  }
}
