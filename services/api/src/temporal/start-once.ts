import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowIdConflictPolicy,
} from '@temporalio/client';

import { TaskQueues } from '@fanpin/contracts';

/**
 * Starts a job's workflow on the cases' task queue, once: an id that has run is refused
 * (REJECT_DUPLICATE), so asking again, while it runs or after, leaves that run as it is.
 */
export async function startOnce(
  client: Client,
  workflowType: string,
  options: {
    workflowId: string;
    args: unknown[];
    workflowIdConflictPolicy?: WorkflowIdConflictPolicy;
  },
): Promise<void> {
  try {
    await client.workflow.start(workflowType, {
      ...options,
      taskQueue: TaskQueues.householdCase,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
