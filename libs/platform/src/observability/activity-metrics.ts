import { ApplicationFailure } from '@temporalio/common';
import type { Context as ActivityContext } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  Next,
} from '@temporalio/worker';

import { activityDuration, activityExecutions, activityFailures } from './metrics';

const FailureType = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * A failure's type as a label: the ApplicationFailure's type (the activities' own codes) or the
 * error's class name. Never its message, which may quote data.
 */
export function failureTypeOf(error: unknown): string {
  const type =
    error instanceof ApplicationFailure
      ? (error.type ?? 'ApplicationFailure')
      : error instanceof Error
        ? error.name
        : typeof error;
  return FailureType.test(type) ? type : 'other';
}

/** Counts and times each activity execution by its task queue, type and outcome. */
class ActivityMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const { taskQueue, activityType } = this.ctx.info;
    const labels = { task_queue: taskQueue, activity_type: activityType };
    const stop = activityDuration.startTimer(labels);
    try {
      const result = await next(input);
      activityExecutions.inc({ ...labels, outcome: 'completed' });
      return result;
    } catch (error) {
      // Cancelled (or its worker shutting down): whatever the activity threw on its way out.
      if (this.ctx.cancellationSignal.aborted) {
        activityExecutions.inc({ ...labels, outcome: 'cancelled' });
      } else {
        activityExecutions.inc({ ...labels, outcome: 'failed' });
        activityFailures.inc({ ...labels, failure_type: failureTypeOf(error) });
      }
      throw error;
    } finally {
      stop();
    }
  }
}

/** The activity interceptor factory of the execution metrics. */
export function activityMetricsInterceptors(ctx: ActivityContext): {
  inbound: ActivityInboundCallsInterceptor;
} {
  return { inbound: new ActivityMetricsInterceptor(ctx) };
}
