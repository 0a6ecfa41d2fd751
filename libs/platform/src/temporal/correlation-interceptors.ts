import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowSignalInput,
  WorkflowSignalWithStartInput,
  WorkflowStartInput,
  WorkflowStartOutput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowStartUpdateWithStartInput,
  WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityOutboundCallsInterceptor,
  GetLogAttributesInput,
} from '@temporalio/worker';

import { currentCorrelationId, runWithCorrelationId } from '../observability/correlation';
import { correlationIdOf, withCorrelationId } from './correlation-header';

/**
 * Passes the current correlation id (the HTTP request's, or the activity's that sends it) to the
 * workflow as a Temporal header on every start, signal and update this client sends.
 */
export class CorrelationClientInterceptor implements WorkflowClientInterceptor {
  startWithDetails(
    input: WorkflowStartInput,
    next: Next<WorkflowClientInterceptor, 'startWithDetails'>,
  ): Promise<WorkflowStartOutput> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  signal(
    input: WorkflowSignalInput,
    next: Next<WorkflowClientInterceptor, 'signal'>,
  ): Promise<void> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  signalWithStart(
    input: WorkflowSignalWithStartInput,
    next: Next<WorkflowClientInterceptor, 'signalWithStart'>,
  ): Promise<string> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    return next({ ...input, headers: withCorrelationId(input.headers, currentCorrelationId()) });
  }

  startUpdateWithStart(
    input: WorkflowStartUpdateWithStartInput,
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ): Promise<WorkflowStartUpdateWithStartOutput> {
    const id = currentCorrelationId();
    return next({
      ...input,
      workflowStartHeaders: withCorrelationId(input.workflowStartHeaders, id),
      updateHeaders: withCorrelationId(input.updateHeaders, id),
    });
  }
}

/** What the two halves of one activity's interceptors share: its correlation id, once known. */
interface ActivityCorrelation {
  id?: string;
}

/**
 * Runs each activity with the correlation id its workflow passed on as the current one, so that
 * every line the activity logs (through the services' logger) carries it, and so does every
 * workflow start or signal it sends.
 */
class CorrelationActivityInbound implements ActivityInboundCallsInterceptor {
  constructor(private readonly state: ActivityCorrelation) {}

  execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const id = correlationIdOf(input.headers);
    if (id === undefined) return next(input);
    this.state.id = id;
    return runWithCorrelationId(id, () => next(input));
  }
}

/** The correlation id on the lines the Temporal SDK logs about an activity (its failure, say). */
class CorrelationActivityOutbound implements ActivityOutboundCallsInterceptor {
  constructor(private readonly state: ActivityCorrelation) {}

  getLogAttributes(
    input: GetLogAttributesInput,
    next: Next<ActivityOutboundCallsInterceptor, 'getLogAttributes'>,
  ): Record<string, unknown> {
    const id = this.state.id;
    return next(id === undefined ? input : { ...input, correlationId: id });
  }
}

/** The correlation interceptors of one activity execution. */
export function correlationActivityInterceptors(): {
  inbound: ActivityInboundCallsInterceptor;
  outbound: ActivityOutboundCallsInterceptor;
} {
  const state: ActivityCorrelation = {};
  return {
    inbound: new CorrelationActivityInbound(state),
    outbound: new CorrelationActivityOutbound(state),
  };
}
