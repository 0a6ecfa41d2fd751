import {
  ApplicationFailure,
  condition,
  defineSignal,
  defineUpdate,
  setHandler,
} from '@temporalio/workflow';

/**
 * The benchmark's baseline: a bare Workflow Update on a trivial workflow. The bench refers to these
 * by name (tooling may not import workflow code): keep the names in step with test/bench.
 */
export const bumpUpdate = defineUpdate<number, [number]>('bump');
export const stopSignal = defineSignal('stop');

/**
 * Answers each `bump` with the counter after adding `by` to it: no activity, no timer, a validator
 * as trivial as a real one is cheap. Runs until the `stop` signal (or cancellation).
 */
export async function benchCounterWorkflow(): Promise<number> {
  let count = 0;
  let stopped = false;
  setHandler(bumpUpdate, (by) => (count += by), {
    validator: (by) => {
      if (!Number.isInteger(by) || by < 1) {
        throw ApplicationFailure.nonRetryable('by must be a positive integer', 'BENCH.INVALID');
      }
    },
  });
  setHandler(stopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
  return count;
}
