/**
 * The workflow interceptors, bundled with the workflow code (services/workflow-worker/src/bundle.ts)
 * and run inside Temporal's sandbox: deterministic code only, nothing but `@temporalio/workflow`,
 * `@temporalio/common` and, loaded lazily, the OpenTelemetry workflow interceptors. The module is
 * preloaded once per worker thread and shared by every workflow: constants at module level, a run's
 * state in what `interceptors()` makes for it.
 */
import type { Headers, Payload } from '@temporalio/common';
import type * as OtelWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  AsyncLocalStorage,
  type Next,
  type SignalInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowInternalsInterceptor,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

import { correlationPayloadOf, withCorrelationPayload } from './correlation-header';

type Otel = typeof OtelWorkflow;

/** Where the OpenTelemetry interceptors put a trace's context (their TRACE_HEADER). */
const TraceHeader = '_tracer-data';

/**
 * The correlation header of the signal or update whose handler runs now (one store for every
 * run). The header is encrypted: the workflow passes it on as it came, never reads it.
 */
const handlerCorrelation = new AsyncLocalStorage<Payload>();

/** What one run knows of the requests that reached it. */
export interface RunCorrelation {
  /** The correlation header of the start, signal or update that reached the run last. */
  latest?: Payload;
}

/** The store of the handler's header; the sandbox's own outside tests. */
export interface CorrelationStore {
  getStore(): Payload | undefined;
  run<R>(store: Payload, callback: () => R): R;
}

/**
 * Takes each start's, signal's and update's correlation header. A signal's or update's handler
 * runs with its own; the workflow's main line (which goes on after a signal or an update changed
 * its state) carries that of the request that reached it last.
 */
export class CorrelationInbound implements WorkflowInboundCallsInterceptor {
  constructor(
    private readonly run: RunCorrelation,
    private readonly store: CorrelationStore = handlerCorrelation,
  ) {}

  execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    this.run.latest = correlationPayloadOf(input.headers) ?? this.run.latest;
    return next(input);
  }

  handleSignal(
    input: SignalInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>,
  ): Promise<void> {
    return this.within(input.headers, () => next(input));
  }

  handleUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    return this.within(input.headers, () => next(input));
  }

  private within<T>(headers: Headers, handle: () => T): T {
    const header = correlationPayloadOf(headers);
    if (header === undefined) return handle();
    this.run.latest = header;
    return this.store.run(header, handle);
  }
}

/** One of the workflow's outbound calls, as an interceptor takes it. */
type Outbound<K extends keyof WorkflowOutboundCallsInterceptor> = NonNullable<
  WorkflowOutboundCallsInterceptor[K]
>;

/** Passes the correlation header on to every activity, child workflow, signal and continuation. */
export class CorrelationOutbound implements WorkflowOutboundCallsInterceptor {
  constructor(
    private readonly run: RunCorrelation,
    private readonly store: CorrelationStore = handlerCorrelation,
  ) {}

  readonly scheduleActivity: Outbound<'scheduleActivity'> = (input, next) =>
    next(this.carrying(input));
  readonly scheduleLocalActivity: Outbound<'scheduleLocalActivity'> = (input, next) =>
    next(this.carrying(input));
  readonly startChildWorkflowExecution: Outbound<'startChildWorkflowExecution'> = (input, next) =>
    next(this.carrying(input));
  readonly signalWorkflow: Outbound<'signalWorkflow'> = (input, next) => next(this.carrying(input));
  readonly continueAsNew: Outbound<'continueAsNew'> = (input, next) => next(this.carrying(input));

  /** `input` with the header of the handler that runs now, else of the request that came last. */
  private carrying<I extends { headers: Headers }>(input: I): I {
    const header = this.store.getStore() ?? this.run.latest;
    return { ...input, headers: withCorrelationPayload(input.headers, header) };
  }
}

/** Whether `headers` carry a trace (the OpenTelemetry header with a W3C `traceparent`). */
export function carriesTrace(headers: Headers | undefined): boolean {
  const payload = headers?.[TraceHeader];
  if (!payload) return false;
  try {
    const carrier: unknown = defaultPayloadConverter.fromPayload(payload);
    return (
      typeof carrier === 'object' &&
      carrier !== null &&
      typeof (carrier as { traceparent?: unknown }).traceparent === 'string'
    );
  } catch {
    return false;
  }
}

/**
 * Temporal's OpenTelemetry workflow interceptors, for the runs whose start, signal or update came
 * with a trace: those are traced from then on, and no other run loads OpenTelemetry or makes spans
 * (a cost in memory per cached case and in time per workflow task). Whether a run is traced
 * depends only on its history, so replays make the same decisions. Queries and update validators
 * are never traced: they are not in the history.
 */
export class LazyTracing {
  private otel?: {
    inbound: WorkflowInboundCallsInterceptor;
    outbound: WorkflowOutboundCallsInterceptor;
    internals: WorkflowInternalsInterceptor;
  };

  private load(): NonNullable<LazyTracing['otel']> {
    if (!this.otel) {
      // Required here, not imported: the bundle holds the module, evaluated only for a traced run.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const otel = require('@temporalio/interceptors-opentelemetry/lib/workflow') as Otel;
      this.otel = {
        inbound: new otel.OpenTelemetryInboundInterceptor(),
        outbound: new otel.OpenTelemetryOutboundInterceptor(),
        internals: new otel.OpenTelemetryInternalsInterceptor(),
      };
    }
    return this.otel;
  }

  private traced(headers: Headers): NonNullable<LazyTracing['otel']> | undefined {
    return carriesTrace(headers) ? this.load() : this.otel;
  }

  // Whom each call goes to: OpenTelemetry's interceptors once the run is traced (by a start, signal
  // or update whose headers carry a trace), else no one.
  private readonly inboundOf = (input: { headers: Headers }) => this.traced(input.headers)?.inbound;
  private readonly outboundOf = () => this.otel?.outbound;
  private readonly internalsOf = () => this.otel?.internals;

  readonly inbound: WorkflowInboundCallsInterceptor = {
    execute: handOn('execute', this.inboundOf),
    handleSignal: handOn('handleSignal', this.inboundOf),
    handleUpdate: handOn('handleUpdate', this.inboundOf),
  };

  readonly outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: handOn('scheduleActivity', this.outboundOf),
    scheduleLocalActivity: handOn('scheduleLocalActivity', this.outboundOf),
    startChildWorkflowExecution: handOn('startChildWorkflowExecution', this.outboundOf),
    signalWorkflow: handOn('signalWorkflow', this.outboundOf),
    continueAsNew: handOn('continueAsNew', this.outboundOf),
    getLogAttributes: handOn('getLogAttributes', this.outboundOf),
  };

  readonly internals: WorkflowInternalsInterceptor = {
    dispose: handOn('dispose', this.internalsOf),
  };
}

/**
 * An interceptor's `method` that hands each call to the same method of the interceptor `to` gives
 * for it (OpenTelemetry's, in a traced run), or straight to `next` when `to` gives none.
 */
function handOn<I, K extends keyof I>(
  method: K,
  to: (input: { headers: Headers }) => I | undefined,
): NonNullable<I[K]> {
  type Call = (input: { headers: Headers }, next: (input: unknown) => unknown) => unknown;
  const call: Call = (input, next) => {
    const target = to(input);
    return target ? (target[method] as Call)(input, next) : next(input);
  };
  return call as NonNullable<I[K]>;
}

/** Temporal calls this once for each workflow run it creates (in the worker or on replay). */
export const interceptors = (): WorkflowInterceptors => {
  const run: RunCorrelation = {};
  const tracing = new LazyTracing();
  return {
    inbound: [new CorrelationInbound(run), tracing.inbound],
    outbound: [new CorrelationOutbound(run), tracing.outbound],
    internals: [tracing.internals],
  };
};
