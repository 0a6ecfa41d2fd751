import { trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  type OpenTelemetryWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';

/** The process's tracing, once installed; none while OTEL_EXPORTER_OTLP_ENDPOINT is unset. */
let installed:
  { provider: BasicTracerProvider; processor: SpanProcessor; resource: Resource } | undefined;

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
  return {
    exporter: makeWorkflowExporter(
      installed?.processor ?? new NoopSpanProcessor(),
      installed?.resource ?? Resource.empty(),
    ),
  };
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
