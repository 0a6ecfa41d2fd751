import { setTimeout as sleep } from 'node:timers/promises';

import type { Client } from '@temporalio/client';

import { WorkflowTypes } from '@fanpin/contracts';

import { Counters } from './bare-update';
import { abba, latencies, percentiles, type Percentiles, type Phase } from './latency';
import { countNow, waitForCount } from './measure';
import type { VillageCadre } from './staff';

export interface LatencySettings {
  /** Samples per phase; each kind has two phases (ABBA). */
  samples: number;
  /** Requests in flight: all the time (closed loop), or at most (with `perSecond`). */
  concurrency: number;
  /** When set, requests start at this fixed rate (open loop) instead of back to back. */
  perSecond?: number;
  /** Unmeasured requests of each kind first. */
  warmup: number;
  /** Pause before each phase. */
  settleSeconds: number;
}

export interface TaskLatency {
  bare: Percentiles;
  api: Percentiles;
}

/** Where a nominated case waits next: once its count is reached, the phase's work is done. */
const appraisalWaiting = `WorkflowType = '${WorkflowTypes.householdCase}' AND CaseStage = 'DEMOCRATIC_APPRAISAL'`;

/** How many cases waiting at their first task one measurement uses up (each task is done once). */
export function casesNeeded(s: LatencySettings): number {
  return s.warmup + 2 * s.samples;
}

/** Bare Updates, each lane on its own fresh counter workflow. */
function barePhase(client: Client, n: number, s: LatencySettings): Phase {
  return async () => {
    const counters = await Counters.start(client, s.concurrency);
    await Promise.all(Array.from({ length: s.concurrency }, (_, lane) => counters.bump(lane)));
    const samples = await latencies(
      n,
      s.concurrency,
      (_, lane) => counters.bump(lane),
      s.perSecond,
    );
    await counters.stop();
    return samples;
  };
}

/** Village verifications through the HTTP API, each on a case of its own. */
function apiPhase(
  client: Client,
  cadre: VillageCadre,
  cases: readonly string[],
  s: LatencySettings,
): Phase {
  return async () => {
    const before = await countNow(client, appraisalWaiting);
    const samples = await latencies(
      cases.length,
      s.concurrency,
      (i) => cadre.verify(cases[i] as string),
      s.perSecond,
    );
    // The workflow goes on after its answer (inbox row, next task): let that finish first.
    await waitForCount(client, appraisalWaiting, before + cases.length);
    return samples;
  };
}

/**
 * A staff task through the HTTP API (request → Update → validator → state change → answer) against a
 * bare Workflow Update on a trivial workflow, in ABBA order. `targets` are cases waiting at their
 * first task; each is used once.
 */
export async function taskLatency(
  client: Client,
  cadre: VillageCadre,
  targets: readonly string[],
  s: LatencySettings,
): Promise<TaskLatency> {
  if (targets.length < casesNeeded(s)) {
    throw new Error(`${casesNeeded(s)} waiting cases needed, ${targets.length} given`);
  }
  const batch = (k: number) =>
    targets.slice(s.warmup + k * s.samples, s.warmup + (k + 1) * s.samples);
  await cadre.signIn();
  await barePhase(client, s.warmup, s)();
  await apiPhase(client, cadre, targets.slice(0, s.warmup), s)();
  const apiBatches = [batch(0), batch(1)];
  const [bare, api] = await abba(
    barePhase(client, s.samples, s),
    () => apiPhase(client, cadre, apiBatches.shift() ?? [], s)(),
    () => sleep(s.settleSeconds * 1000),
  );
  return { bare: percentiles(bare), api: percentiles(api) };
}
