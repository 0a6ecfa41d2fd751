import { RestartBackoff, restartDelay } from './supervision';

describe('restart backoff', () => {
  const s = { log: () => undefined, initialDelayMs: 1000, maxDelayMs: 30_000 };

  it('doubles the wait for each death in a row, up to its cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => restartDelay(n, s))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('starts over once a process stayed up long enough before it died', () => {
    const backoff = new RestartBackoff({ ...s, stableAfterMs: 60_000 });
    expect([backoff.next(10), backoff.next(10), backoff.next(10)]).toEqual([1000, 2000, 4000]);
    expect(backoff.next(60_000)).toBe(1000);
    expect(backoff.restarts).toBe(4);
  });
});
