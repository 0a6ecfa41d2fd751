import type { Client } from '@temporalio/client';

import { stderrLog, type System } from '@fanpin/devstack';

import { draw, openWaitingCases } from './cases';
import { bench } from './report';
import type { VillageCadre } from './staff';
import { casesNeeded, taskLatency, type LatencySettings, type TaskLatency } from './task-latency';
import { openOnFreshWorker, type CacheSettings } from './worker-memory';

export interface HouseholdSettings extends LatencySettings, CacheSettings {
  /** Cases the second measurement opens and leaves waiting (at least those it then uses). */
  openCases: number;
  /** Case starts in flight while cases are opened. */
  startConcurrency: number;
}

export interface HouseholdContext {
  client: Client;
  system: System;
  databaseUrl: string;
  cadre: VillageCadre;
}

/** Opens `count` cases of fresh synthetic households waiting at their first task. */
function openCases(ctx: HouseholdContext, count: number, concurrency: number): Promise<string[]> {
  return openWaitingCases(ctx.client, ctx.databaseUrl, count, concurrency);
}

function reportLatency(prefix: string, m: TaskLatency): void {
  bench(`${prefix}update.bare.p50`, m.bare.p50, 'ms');
  bench(`${prefix}update.bare.p99`, m.bare.p99, 'ms');
  bench(`${prefix}task.api.p50`, m.api.p50, 'ms');
  bench(`${prefix}task.api.p99`, m.api.p99, 'ms');
  bench(`${prefix}ratio.task_api_vs_bare_update.p50`, m.api.p50 / m.bare.p50, 'x');
  bench(`${prefix}ratio.task_api_vs_bare_update.p99`, m.api.p99 / m.bare.p99, 'x');
}

/**
 * Staff task latency against a bare Update, first with a few cases open, then with `openCases`
 * cases open and waiting (tasks then done on cases drawn at random among them).
 */
export async function householdBench(ctx: HouseholdContext, s: HouseholdSettings): Promise<void> {
  const pace = s.perSecond ? `${s.perSecond} per second, at most` : 'back to back,';
  stderrLog(
    `task latency: ${s.samples} samples per phase, ${pace} ${s.concurrency} in flight, ABBA (bare Update, API task)`,
  );
  bench('latency.samples_per_kind', 2 * s.samples, 'count', 0);
  bench('latency.concurrency', s.concurrency, 'count', 0);
  if (s.perSecond) bench('latency.rate', s.perSecond, 'req/s');
  const few = await openCases(ctx, casesNeeded(s), s.startConcurrency);
  reportLatency('', await taskLatency(ctx.client, ctx.cadre, few, s));
  if (s.openCases <= 0) return;
  const open = (count: number) => openCases(ctx, count, s.startConcurrency);
  const opened = await openOnFreshWorker(
    ctx.system,
    s,
    open,
    Math.max(s.openCases, casesNeeded(s)),
  );
  const targets = draw(opened, casesNeeded(s));
  reportLatency('open_cases.', await taskLatency(ctx.client, ctx.cadre, targets, s));
}
