import { trace, type Tracer } from '@opentelemetry/api';
import type * as ContextHooks from '@opentelemetry/context-async-hooks';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';

// The OpenTelemetry SDK, its exporter and Temporal's interceptors are loaded only when tracing is
// on: a worker without a collector starts some 150 ms sooner without them.
/* eslint-disable @typescript-eslint/no-require-imports */
const sdk = () => ({
  ...(require('@opentelemetry/sdk-trace-base') as typeof TraceBase),
  ...(require('@opentelemetry/resources') as typeof Resources),
  ...(require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp),
  ...(require('@opentelemetry/context-async-hooks') as typeof ContextHooks),
});
/** Temporal's OpenTelemetry interceptors (for processes that trace). */
export const temporalOtel = () =>
  require('@temporalio/interceptors-opentelemetry') as typeof TemporalOtel;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The process's tracing, once installed; none while OTEL_EXPORTER_OTLP_ENDPOINT is unset. */
let installed:
  | {
      provider: TraceBase.BasicTracerProvider;
      processor: TraceBase.SpanProcessor;
      resource: Resources.Resource;
    }
  | undefined;

/** Where OTLP/HTTP wants traces: the endpoint's `/v1/traces`, as the OpenTelemetry variable means. */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Sends this process's spans (HTTP requests, workflow starts, signals and updates, activities, and
 * the spans workflows make) to the OTLP/HTTP collector at `endpoint`, tagged with the service name;
 * W3C trace context across processes, an async-hooks context within one.
 */
export function installTracing(service: string, endpoint: string): void {
  if (installed) return;
  const {
    AsyncLocalStorageContextManager,
    BasicTracerProvider,
    BatchSpanProcessor,
    OTLPTraceExporter,
    Resource,
  } = sdk();
  const resource = new Resource({ 'service.name': service, 'service.namespace': 'fanpin' });
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(endpoint) }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  installed = { provider, processor, resource };
}

/** Whether spans go anywhere: the Temporal tracing interceptors are added only then. */
export function tracingEnabled(): boolean {
  return installed !== undefined;
}

/** The tracer of this process's own spans (a no-op one without tracing). */
export function tracer(): Tracer {
  return trace.getTracer('fanpin');
}

/**
 * The sink through which workflows hand their spans to the worker. The workflow bundle traces a
 * case whose start or signal came with a trace, whatever this worker's configuration: without
 * tracing here, the sink takes the spans and drops them.
 */
export function workflowSpanSinks(): InjectedSinks<OpenTelemetrySinks> {
  if (!installed) return { exporter: { export: { fn: () => undefined, callDuringReplay: false } } };
  return { exporter: temporalOtel().makeWorkflowExporter(installed.processor, installed.resource) };
}

interface OpenTelemetrySinks {
  [name: string]: OpenTelemetryWorkflowExporter;
  exporter: OpenTelemetryWorkflowExporter;
}

/** Sends the spans still buffered, at shutdown. */
export async function shutdownTracing(): Promise<void> {
  const provider = installed?.provider;
  installed = undefined;
  // A collector that is gone by now must not turn a clean stop into a failed one.
  await provider?.shutdown().catch(() => undefined);
}
