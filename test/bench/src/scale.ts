import type { Client } from '@temporalio/client';

import { stderrLog, temporalMetricsPortOf, type ServiceProcess } from '@fanpin/devstack';

import { draw, openWaitingCases } from './cases';
import { bench } from './report';
import type { VillageCadre } from './staff';
import { casesNeeded, taskLatency, type LatencySettings, type TaskLatency } from './task-latency';
import { settledRss } from './worker-memory';

export interface ScaleSettings extends LatencySettings {
  /** Cases open when the first latency is measured. */
  base: number;
  /** Cases open when the second is. */
  cases: number;
  /** Case starts in flight while cases are opened. */
  startConcurrency: number;
  /** Each workflow worker's MAX_CACHED_WORKFLOWS. */
  maxCachedWorkflows: number;
  /** How long each worker's memory is watched after a batch; the lowest reading counts. */
  memorySettleSeconds: number;
}

export interface ScaleContext {
  client: Client;
  databaseUrl: string;
  cadre: VillageCadre;
  /** The workflow-worker processes, each with its own cache. */
  workers: readonly ServiceProcess[];
}

/**
 * Opens `count` cases waiting at their first task. Visibility is polled every 2 s rather than every
 * 0.1 s: counting among 100,000 open cases is work for the server that would compete with starts.
 */
function openCases(ctx: ScaleContext, count: number, s: ScaleSettings): Promise<string[]> {
  return openWaitingCases(ctx.client, ctx.databaseUrl, count, s.startConcurrency, 2000);
}

/**
 * A Temporal SDK metric of a worker, summed over its series; a counter not yet incremented has no
 * series and reads 0, a gauge without one undefined.
 */
async function sdkMetric(worker: ServiceProcess, name: string): Promise<number | undefined> {
  const url = `http://127.0.0.1:${temporalMetricsPortOf(worker.spec.port)}/metrics`;
  let text: string;
  try {
    text = await (await fetch(url)).text();
  } catch {
    return undefined;
  }
  const series = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
  if (series.length === 0) return name.endsWith('_total') ? 0 : undefined;
  return series.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The sum of per-worker readings, undefined when any worker's could not be read. */
const total = (values: readonly (number | undefined)[]): number | undefined =>
  values.some((v) => v === undefined)
    ? undefined
    : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);

/** A Temporal SDK metric summed over the workers (`sdkMetric`). */
async function workersMetric(
  workers: readonly ServiceProcess[],
  name: string,
): Promise<number | undefined> {
  return total(await Promise.all(workers.map((w) => sdkMetric(w, name))));
}

/**
 * The cases the workers have replayed so far: a workflow task that comes to a worker's sticky
 * queue for a run it no longer caches (a sticky cache miss, counted per worker, of any workflow
 * type) fetches the run's whole history and runs it again first. A new run's first task brings
 * its whole history and is no miss.
 */
const replays = (workers: readonly ServiceProcess[]) =>
  workersMetric(workers, 'temporal_sticky_cache_miss_total');

/**
 * The workers' resident memory once a batch's garbage is gone (`settledRss`), and the runs they
 * cache, as the Temporal SDK's own gauge says.
 */
async function settled(
  workers: readonly ServiceProcess[],
  s: ScaleSettings,
): Promise<{ rssKiB: number; cached: number } | undefined> {
  const rssKiB = total(
    await settledRss(
      workers.map((w) => w.pid),
      s.memorySettleSeconds,
    ),
  );
  const cached = await workersMetric(workers, 'temporal_sticky_cache_size');
  return rssKiB === undefined || cached === undefined ? undefined : { rssKiB, cached };
}

/** 1000 as `1k`, 100000 as `100k`: the figures' names. */
const short = (n: number): string => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

/**
 * A staff task's latency on `targets`, with the replays it cost per task: the window's other
 * workflow tasks (the bare Updates' new counters, the cases going on after their answer, their run
 * just replayed) find their run cached or bring their whole history, so a replay counted is a
 * task's.
 */
async function measure(
  prefix: string,
  ctx: ScaleContext,
  targets: readonly string[],
  s: ScaleSettings,
): Promise<TaskLatency> {
  const before = await replays(ctx.workers);
  const m = await taskLatency(ctx.client, ctx.cadre, targets, s);
  const after = await replays(ctx.workers);
  bench(`${prefix}update.bare.p99`, m.bare.p99, 'ms');
  bench(`${prefix}task.api.p50`, m.api.p50, 'ms');
  bench(`${prefix}task.api.p99`, m.api.p99, 'ms');
  if (before !== undefined && after !== undefined) {
    bench(`${prefix}task.replays_per_task`, (after - before) / targets.length, 'count');
  }
  return m;
}

/**
 * A village cadre's task on the production shape's server with `base` cases open, then with
 * `cases` open, spread over the workflow workers; each worker caches at most `maxCachedWorkflows`
 * runs, so at the larger count most tasks meet a case the worker no longer holds and replay its
 * history first. Prints the two p99s, their ratio, and the workers' memory per cached run.
 */
export async function scaleBench(ctx: ScaleContext, s: ScaleSettings): Promise<void> {
  const needed = casesNeeded(s);
  if (s.base < needed || s.cases - s.base < needed) {
    throw new Error(`BENCH_SCALE_BASE and the cases past it must each be at least ${needed}`);
  }
  bench('server.workflow_workers', ctx.workers.length, 'count', 0);
  bench('server.worker.max_cached_workflows', s.maxCachedWorkflows, 'count', 0);
  const first = await openCases(ctx, s.base, s);
  const before = await settled(ctx.workers, s);
  const small = await measure(`server.open_cases_${short(s.base)}.`, ctx, draw(first, needed), s);

  const rest = await openCases(ctx, s.cases - s.base, s);
  const after = await settled(ctx.workers, s);
  bench('server.open_cases', s.cases, 'count', 0);
  const large = await measure(`server.open_cases_${short(s.cases)}.`, ctx, draw(rest, needed), s);
  bench(`ratio.task_p99_${short(s.cases)}_vs_${short(s.base)}`, large.api.p99 / small.api.p99, 'x');

  if (!before || !after) {
    stderrLog('no worker memory or cache gauge readable here: the memory figures are left out');
    return;
  }
  bench('server.worker.cached_workflows', after.cached, 'count', 0);
  bench('server.worker.rss.all_open', after.rssKiB / 1024, 'MiB');
  const runs = after.cached - before.cached;
  const growth = after.rssKiB - before.rssKiB;
  if (runs > 0 && growth > 0) {
    bench('server.worker.rss_per_cached_workflow', growth / runs, 'KiB');
  } else {
    stderrLog(`the workers' caches took on ${runs} runs and grew ${growth} KiB: too few to divide`);
  }
}
