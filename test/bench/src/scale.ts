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

/** The runs a worker holds in its cache now, as the Temporal SDK's own gauge says. */
async function cachedRuns(worker: ServiceProcess): Promise<number | undefined> {
  const url = `http://127.0.0.1:${temporalMetricsPortOf(worker.spec.port)}/metrics`;
  try {
    const text = await (await fetch(url)).text();
    const line = /^temporal_sticky_cache_size(?:\{[^}]*\})? (\d+(?:\.\d+)?)$/m.exec(text);
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The workers' resident memory once a batch's garbage is gone (`settledRss`), and the runs they cache. */
async function settled(
  workers: readonly ServiceProcess[],
  s: ScaleSettings,
): Promise<{ rssKiB: number; cached: number } | undefined> {
  const lowest = await settledRss(
    workers.map((w) => w.pid),
    s.memorySettleSeconds,
  );
  const cached = await Promise.all(workers.map(cachedRuns));
  if (lowest.some((v) => v === undefined) || cached.some((v) => v === undefined)) return undefined;
  return {
    rssKiB: lowest.reduce<number>((a, b) => a + (b ?? 0), 0),
    cached: cached.reduce<number>((a, b) => a + (b ?? 0), 0),
  };
}

/** 1000 as `1k`, 100000 as `100k`: the figures' names. */
const short = (n: number): string => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

function reportLatency(prefix: string, m: TaskLatency): void {
  bench(`${prefix}update.bare.p99`, m.bare.p99, 'ms');
  bench(`${prefix}task.api.p50`, m.api.p50, 'ms');
  bench(`${prefix}task.api.p99`, m.api.p99, 'ms');
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
  const small = await taskLatency(ctx.client, ctx.cadre, draw(first, needed), s);
  reportLatency(`server.open_cases_${short(s.base)}.`, small);

  const rest = await openCases(ctx, s.cases - s.base, s);
  const after = await settled(ctx.workers, s);
  const large = await taskLatency(ctx.client, ctx.cadre, draw(rest, needed), s);
  bench('server.open_cases', s.cases, 'count', 0);
  reportLatency(`server.open_cases_${short(s.cases)}.`, large);
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
