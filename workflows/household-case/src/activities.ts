import {
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
  type RetryPolicy,
} from '@temporalio/workflow';

import {
  ErrorCodes,
  TaskQueues,
  type AssistanceActivities,
  type CaseOpeningActivities,
  type NationalEntryActivities,
  type SchedulingActivities,
  type VerificationActivities,
} from '@fanpin/contracts';

/** Activities of the NestJS services, each on its own task queue. Types only: no service code here. */
const retry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

/** A service's activities on its queue, each call given `timeout` to finish, retried as above. */
const on = <A extends object>(
  taskQueue: string,
  timeout: ActivityOptions['startToCloseTimeout'] = '30 seconds',
) => proxyActivities<A>({ taskQueue, startToCloseTimeout: timeout, retry });

/**
 * Opening a case runs in the workflow worker itself (a local activity): the case's row, its first
 * task and its deadlines are written inside the workflow task that starts it, with no activity task
 * for the server to schedule and match, and no second workflow task to take up the result.
 */
export const caseOpening = proxyLocalActivities<CaseOpeningActivities>({
  startToCloseTimeout: '10 seconds',
  retry,
});

/** Calendar arithmetic, done by the intake service so that history records each date. */
export const scheduling = on<SchedulingActivities>(TaskQueues.intake, '10 seconds');

export const verification = on<VerificationActivities>(TaskQueues.verification);

/**
 * The one call out of the county: a slow national system may take its minute, but the activity
 * heartbeats while it waits, so the call of a worker that died is retried after a few seconds.
 */
export const nationalEntry = proxyActivities<NationalEntryActivities>({
  taskQueue: TaskQueues.nationalEntry,
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  retry: {
    ...retry,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [ErrorCodes.nationalRejected],
  },
});

export const assistance = on<AssistanceActivities>(TaskQueues.assistance);
