import { setTimeout as sleep } from 'node:timers/promises';

/** One measured operation; `lane` (0 to concurrency − 1) is the caller that runs it. */
export type Operation = (i: number, lane: number) => Promise<unknown>;

/** A phase of measurement: its latency samples, in milliseconds. */
export type Phase = () => Promise<number[]>;

export interface Percentiles {
  samples: number;
  p50: number;
  p99: number;
}

/** The q-quantile (0 < q ≤ 1) of ascending samples by nearest rank: the ⌈q·n⌉-th smallest. */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples: sorted.length, p50: nearestRank(sorted, 0.5), p99: nearestRank(sorted, 0.99) };
}

/** The median of timed runs (the lower of the middle two): NaN when there is none. */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** Runs `run` once: its result, and how long it took in milliseconds. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

/**
 * Runs `op(i)` for i in [0, n) on `concurrency` lanes and returns each call's latency in
 * milliseconds. Without `perSecond` each lane starts its next call as soon as its last one answered
 * (closed loop). With it, call i is due at i / perSecond seconds (open loop, the lanes only cap the
 * calls in flight) and its latency counts from when it was due, so that a server falling behind
 * shows in the figures instead of slowing the requests down. A failed call fails the run: an error
 * answer is no sample.
 */
export async function latencies(
  n: number,
  concurrency: number,
  op: Operation,
  perSecond?: number,
): Promise<number[]> {
  const samples: number[] = [];
  const origin = performance.now();
  let next = 0;
  const lane = async (l: number): Promise<void> => {
    while (next < n) {
      const i = next++;
      const due = perSecond ? origin + (i * 1000) / perSecond : performance.now();
      if (due > performance.now()) await sleep(due - performance.now());
      await op(i, l);
      samples.push(performance.now() - due);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, (_, l) => lane(l)));
  return samples;
}

/**
 * Phases in the order A B B A, `settle` before each, so that a drift in the server's state (its
 * SQLite file growing, caches warming) weighs on both kinds alike. Returns the samples of A and B.
 */
export async function abba(
  a: Phase,
  b: Phase,
  settle: () => Promise<void>,
): Promise<[number[], number[]]> {
  const samples: [number[], number[]] = [[], []];
  for (const which of [0, 1, 1, 0] as const) {
    await settle();
    samples[which].push(...(await (which === 0 ? a : b)()));
  }
  return samples;
}
