import { setTimeout as sleep } from 'node:timers/promises';

import { stderrLog, type System } from '@fanpin/devstack';

import { residentKiB } from './memory';
import { bench } from './report';

export interface CacheSettings {
  /** The workflow worker's MAX_CACHED_WORKFLOWS, as the bench started it. */
  maxCachedWorkflows: number;
  /** Cases opened (and cached) before the baseline reading. */
  warmup: number;
  /** How long the worker's memory is watched after each batch; the lowest reading counts. */
  memorySettleSeconds: number;
}

/** Opens `count` cases waiting at their first task; resolves with their ids. */
export type OpenCases = (count: number) => Promise<string[]>;

/** A fresh worker process: its cache then holds only what the bench runs from here on. */
async function restartWorker(system: System): Promise<void> {
  const worker = system.services['workflow-worker'];
  await worker.stop();
  await worker.start();
  await worker.waitReady();
}

/**
 * The processes' resident memory once the last batch's garbage is gone: each one's lowest reading
 * over `seconds` (undefined where one cannot be read). Right after a batch the heap still holds its
 * garbage (hundreds of MiB after thousands of evictions); V8 gives it back some 30–40 s after the
 * work stops.
 */
export async function settledRss(
  pids: readonly (number | undefined)[],
  seconds: number,
): Promise<(number | undefined)[]> {
  const lowest = pids.map((pid) => residentKiB(pid));
  for (let waited = 0; waited < seconds; waited += 2) {
    await sleep(2000);
    pids.forEach((pid, i) => {
      const now = residentKiB(pid);
      const before = lowest[i];
      if (now !== undefined && before !== undefined) lowest[i] = Math.min(before, now);
    });
  }
  return lowest;
}

/** The workflow worker's settled resident memory (`settledRss`). */
async function workerRss(system: System, s: CacheSettings): Promise<number | undefined> {
  const [rss] = await settledRss([system.services['workflow-worker'].pid], s.memorySettleSeconds);
  return rss;
}

const mib = (kib: number): number => kib / 1024;

interface Readings {
  baseline?: number;
  cached?: number;
  allOpen?: number;
  peak?: number;
}

/** `fill` of the `count` cases went into the cache, on top of `warm` cases; the rest evicted others. */
function reportMemory(
  s: CacheSettings,
  n: { warm: number; fill: number; count: number },
  r: Readings,
): void {
  bench('open_cases', n.count, 'count', 0);
  bench('worker.max_cached_workflows', s.maxCachedWorkflows, 'count', 0);
  bench('worker.cached_workflows', Math.min(s.maxCachedWorkflows, n.warm + n.count), 'count', 0);
  if (n.count > n.fill) {
    stderrLog(
      `the worker caches ${s.maxCachedWorkflows} workflows: ${n.warm + n.count - s.maxCachedWorkflows} open cases are not in its memory, and a task on one replays its history first`,
    );
  }
  const { baseline, cached, allOpen, peak } = r;
  if (baseline === undefined || cached === undefined || allOpen === undefined) {
    stderrLog('no /proc/<pid>/status here: the worker memory figures are left out');
    return;
  }
  bench('worker.rss.baseline', mib(baseline), 'MiB');
  bench('worker.rss.all_open', mib(allOpen), 'MiB');
  if (peak !== undefined) bench('worker.rss.peak', mib(peak), 'MiB');
  if (n.fill > 0) bench('worker.rss_per_cached_workflow', (cached - baseline) / n.fill, 'KiB');
  if (n.count > n.fill) bench('worker.rss.growth_past_full_cache', mib(allOpen - cached), 'MiB');
}

/**
 * Opens `count` cases on a fresh worker and prints its resident memory per cached workflow. The
 * worker's LRU cache holds at most `maxCachedWorkflows` runs, so the cases go in two batches: those
 * the cache still takes (the per-workflow figure is their growth), then the rest, which only evict
 * others (their growth is printed apart: it should be next to nothing once the garbage is gone).
 */
export async function openOnFreshWorker(
  system: System,
  s: CacheSettings,
  open: OpenCases,
  count: number,
): Promise<string[]> {
  await restartWorker(system);
  // A few cases first: the baseline is a worker that has loaded the bundle and run the code.
  const warm = (await open(s.warmup)).length;
  const r: Readings = { baseline: await workerRss(system, s) };
  const fill = Math.min(count, Math.max(0, s.maxCachedWorkflows - warm));
  const cachedBatch = fill > 0 ? await open(fill) : [];
  r.cached = await workerRss(system, s);
  const restBatch = count > fill ? await open(count - fill) : [];
  r.allOpen = count > fill ? await workerRss(system, s) : r.cached;
  r.peak = residentKiB(system.services['workflow-worker'].pid, 'VmHWM');
  reportMemory(s, { warm, fill, count }, r);
  return [...cachedBatch, ...restBatch];
}
