import { setTimeout as sleep } from 'node:timers/promises';

import type { Client } from '@temporalio/client';

/** Runs `start(i)` for i in [0, n) with at most `concurrency` calls in flight. */
export async function startAll(
  n: number,
  concurrency: number,
  start: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) {
      const i = next++;
      await start(i);
    }
  });
  await Promise.all(lanes);
}

/**
 * Starts `n` workflows and waits until a visibility query counts all of them in the target state.
 * Polling visibility adds no per-workflow load, so both figures are measured the same way.
 * Returns workflows per second, from the first start to the moment the last one was counted.
 * Gives up after `timeoutMs`, so that a broken run stops by itself; counts every `pollMs`.
 */
export async function throughput(
  client: Client,
  n: number,
  concurrency: number,
  start: (i: number) => Promise<unknown>,
  doneQuery: string,
  timeoutMs = 300_000,
  pollMs = 100,
): Promise<{ perSecond: number; seconds: number }> {
  const base = Number((await client.workflow.count(doneQuery)).count);
  const started = performance.now();
  const starting = startAll(n, concurrency, start);
  const deadline = started + timeoutMs;
  for (;;) {
    const done = Number((await client.workflow.count(doneQuery)).count) - base;
    if (done >= n) break;
    if (performance.now() > deadline) {
      throw new Error(
        `only ${done} of ${n} workflows reached "${doneQuery}" within ${timeoutMs / 1000} s`,
      );
    }
    await sleep(pollMs);
  }
  await starting;
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: n / seconds, seconds };
}

/** Waits until a visibility query counts at least `atLeast` workflows; gives up after `timeoutMs`. */
export async function waitForCount(
  client: Client,
  query: string,
  atLeast: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const count = Number((await client.workflow.count(query)).count);
    if (count >= atLeast) return;
    if (performance.now() > deadline) {
      throw new Error(
        `only ${count} of ${atLeast} workflows reached "${query}" in ${timeoutMs / 1000} s`,
      );
    }
    await sleep(100);
  }
}

/** How many workflows a visibility query counts now. */
export async function countNow(client: Client, query: string): Promise<number> {
  return Number((await client.workflow.count(query)).count);
}
