import { randomBytes } from 'node:crypto';

import type { Client, WorkflowHandle } from '@temporalio/client';

import { TaskQueues } from '@fanpin/contracts';

import { startAll } from './measure';

/**
 * The trivial workflow of workflows/household-case/src/bench.workflow.ts, by name: tooling may not
 * import workflow code.
 */
const counterWorkflow = 'benchCounterWorkflow';
const bumpUpdate = 'bump';
const stopSignal = 'stop';

/**
 * One counter workflow per lane: each lane's Updates go to its own workflow, one at a time, as each
 * staff request goes to its own case. (Lanes sharing one workflow would queue behind each other's
 * workflow tasks, which a request to a case never does.)
 */
export class Counters {
  private constructor(private readonly handles: WorkflowHandle[]) {}

  /** Starts one counter per lane, at most `concurrency` starts in flight. */
  static async start(client: Client, lanes: number, concurrency = lanes): Promise<Counters> {
    const run = randomBytes(4).toString('hex');
    const handles: WorkflowHandle[] = [];
    await startAll(lanes, concurrency, async (lane) => {
      handles[lane] = await client.workflow.start(counterWorkflow, {
        workflowId: `bench-counter-${run}-${lane}`,
        taskQueue: TaskQueues.householdCase,
      });
    });
    return new Counters(handles);
  }

  /** A bare Workflow Update: the counter's `bump`, answered with the new count. */
  bump(lane: number): Promise<number> {
    const handle = this.handles[lane];
    if (!handle) throw new Error(`no counter for lane ${lane}`);
    return handle.executeUpdate<number, [number]>(bumpUpdate, { args: [1] });
  }

  /** Ends the counters: a completed workflow leaves the worker's cache. */
  async stop(concurrency = this.handles.length): Promise<void> {
    await startAll(this.handles.length, concurrency, async (i) => {
      const handle = this.handles[i]!;
      await handle.signal(stopSignal);
      await handle.result();
    });
  }
}
