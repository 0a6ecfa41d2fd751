import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';

import {
  ErrorCodes,
  TaskQueues,
  type AssistanceActivities,
  type IntakeActivities,
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

export const intake = proxyActivities<IntakeActivities>({
  taskQueue: TaskQueues.intake,
  startToCloseTimeout: '30 seconds',
  retry,
});

/** Calendar arithmetic, done by the intake service so that history records each date. */
export const scheduling = proxyActivities<SchedulingActivities>({
  taskQueue: TaskQueues.intake,
  startToCloseTimeout: '10 seconds',
  retry,
});

export const verification = proxyActivities<VerificationActivities>({
  taskQueue: TaskQueues.verification,
  startToCloseTimeout: '30 seconds',
  retry,
});

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

export const assistance = proxyActivities<AssistanceActivities>({
  taskQueue: TaskQueues.assistance,
  startToCloseTimeout: '30 seconds',
  retry,
});
