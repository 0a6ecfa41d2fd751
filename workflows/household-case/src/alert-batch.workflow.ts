import {
  continueAsNew,
  proxyActivities,
  workflowInfo,
  type RetryPolicy,
} from '@temporalio/workflow';

import { TaskQueues, type AlertBatchWorkflowInput, type BatchActivities } from '@fanpin/contracts';

const retry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

const batches = proxyActivities<BatchActivities>({
  taskQueue: TaskQueues.intake,
  startToCloseTimeout: '5 minutes',
  retry,
});

/**
 * Preparing heartbeats while its statements run, dispatching every 200 households: the attempt of a
 * worker that died is retried within seconds, not after the whole start-to-close timeout.
 */
const heartbeating = proxyActivities<Pick<BatchActivities, 'prepareBatch' | 'dispatchBatch'>>({
  taskQueue: TaskQueues.intake,
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  retry,
});

/** Records per dispatching activity: small enough to heartbeat often, large enough to amortise. */
const CHUNK = 2000;

/**
 * One sector-bureau batch, stored in PostgreSQL before this starts: classified set-based, then
 * handed over chunk by chunk, each chunk's households to their cases. Durable: after a crash the
 * next chunk starts after the last one handed over. Holds no personal data (only ids and codes).
 */
export async function alertBatch(input: AlertBatchWorkflowInput): Promise<void> {
  const ref = { bureau: input.bureau, batchId: input.batchId };
  if (input.afterLine === undefined) await heartbeating.prepareBatch(ref);
  let afterLine = input.afterLine ?? 0;
  for (;;) {
    const chunk = await heartbeating.dispatchBatch({
      ...ref,
      afterLine,
      limit: CHUNK,
      policy: input.policy,
    });
    afterLine = chunk.lastLine;
    if (chunk.done) break;
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof alertBatch>({ ...input, afterLine });
    }
  }
  await batches.finishBatch(ref);
}
