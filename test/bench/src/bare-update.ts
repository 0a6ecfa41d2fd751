import { randomBytes } from 'node:crypto';

import type { Client, WorkflowHandle } from '@temporalio/client';

import { TaskQueues } from '@fanpin/contracts';

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

  static async start(client: Client, lanes: number): Promise<Counters> {
    const run = randomBytes(4).toString('hex');
    const handles = await Promise.all(
      Array.from({ length: lanes }, (_, lane) =>
        client.workflow.start(counterWorkflow, {
          workflowId: `bench-counter-${run}-${lane}`,
          taskQueue: TaskQueues.householdCase,
        }),
      ),
    );
    return new Counters(handles);
  }

  /** A bare Workflow Update: the counter's `bump`, answered with the new count. */
  bump(lane: number): Promise<number> {
    const handle = this.handles[lane];
    if (!handle) throw new Error(`no counter for lane ${lane}`);
    return handle.executeUpdate<number, [number]>(bumpUpdate, { args: [1] });
  }

  /** Ends the counters: a completed workflow leaves the worker's cache. */
  async stop(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.signal(stopSignal)));
    await Promise.all(this.handles.map((h) => h.result()));
  }
}
