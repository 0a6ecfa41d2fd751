import type { ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { WorkerInterceptors } from '@temporalio/worker';

import { activityMetricsInterceptors } from '../observability/activity-metrics';
import { temporalOtel, tracingEnabled } from '../observability/tracing';
import {
  correlationActivityInterceptors,
  CorrelationClientInterceptor,
} from './correlation-interceptors';
import { sanitizingInterceptors } from './error-sanitizer';

/**
 * The workflow interceptors' module, which the bundler puts into the workflow bundle (a pre-built
 * bundle cannot take interceptor modules at worker start).
 */
export const workflowInterceptorsPath = require.resolve('./workflow-interceptors');

/**
 * What every worker runs around each activity, outermost first: its metrics (which see the
 * failure as it leaves), its correlation id, its span when tracing is on, and the sanitizing of
 * database errors closest to the activity, so that everything outside sees only the sanitized one.
 */
export function workerInterceptors(dataConverter: DataConverter): WorkerInterceptors {
  return {
    activity: [
      activityMetricsInterceptors,
      correlationActivityInterceptors(dataConverter.payloadCodecs ?? []),
      ...(tracingEnabled()
        ? [
            (ctx: Parameters<typeof activityMetricsInterceptors>[0]) => ({
              inbound: new (temporalOtel().OpenTelemetryActivityInboundInterceptor)(ctx),
              outbound: new (temporalOtel().OpenTelemetryActivityOutboundInterceptor)(ctx),
            }),
          ]
        : []),
      ...(sanitizingInterceptors.activity ?? []),
    ],
  };
}

/**
 * What every Temporal client of the services sends with its workflow starts, signals and updates:
 * the correlation id (encrypted with the client's codecs), and the trace when tracing is on.
 */
export function clientInterceptors(dataConverter: DataConverter): ClientInterceptors {
  return {
    workflow: [
      new CorrelationClientInterceptor(dataConverter.payloadCodecs ?? []),
      ...(tracingEnabled() ? [new (temporalOtel().OpenTelemetryWorkflowClientInterceptor)()] : []),
    ],
  };
}
