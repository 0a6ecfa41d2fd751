import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';

import {
  TaskQueues,
  type DeadlineRecountActivities,
  type DeadlineRecountInput,
} from '@fanpin/contracts';

/** A page heartbeats as it tells its cases: a dead worker's page is taken again within seconds. */
const recounts = proxyActivities<DeadlineRecountActivities>({
  taskQueue: TaskQueues.intake,
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Open tasks per page: the cases of a page are told before the next is read. */
const PAGE = 500;
/** A second pass, a little later, takes the tasks opened while the first ran. */
const PASSES = 2;
const BETWEEN_PASSES = '30 seconds';

/**
 * The recount of every open task with a provisional due date, started when a year's arrangement
 * (放假调休) is entered: page by page, each task counted again on the calendar as it now is, its inbox
 * row updated and its case told. Durable: after a crash it goes on from the last page done.
 */
export async function deadlineRecount(input: DeadlineRecountInput): Promise<void> {
  let after = input.after ?? null;
  for (let pass = input.pass ?? 1; pass <= PASSES; pass++) {
    for (;;) {
      const page = await recounts.recountProvisionalDeadlines({
        recount: input.recount,
        after,
        limit: PAGE,
      });
      after = page.last;
      if (page.done) break;
      if (workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof deadlineRecount>({ ...input, after, pass });
      }
    }
    after = null;
    if (pass < PASSES) await sleep(BETWEEN_PASSES);
  }
}
