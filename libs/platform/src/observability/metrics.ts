import { createServer, type Server } from 'node:http';

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's one Prometheus registry and the metrics every service shares. Labels are bounded
 * sets (route templates, activity types, task queues, township codes, levels): never an id of a
 * case, a person or a request, nor anything a person typed.
 */
export const metricsRegistry = new Registry();

/** Latency buckets of requests and activities, in seconds: 5 ms to 1 minute. */
const LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const httpRequests = new Counter({
  name: 'fanpin_http_requests_total',
  help: 'HTTP requests answered, by method, route template and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'fanpin_http_request_duration_seconds',
  help: 'Time from a request to its answer, by method, route template and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LatencyBuckets,
  registers: [metricsRegistry],
});

export const activityExecutions = new Counter({
  name: 'fanpin_activity_executions_total',
  help: 'Activity executions (attempts) run by this worker, by task queue, activity type and outcome (completed, failed, cancelled).',
  labelNames: ['task_queue', 'activity_type', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const activityFailures = new Counter({
  name: 'fanpin_activity_failures_total',
  help: 'Failed activity executions (attempts), by task queue, activity type and failure type (the ApplicationFailure type or error class).',
  labelNames: ['task_queue', 'activity_type', 'failure_type'] as const,
  registers: [metricsRegistry],
});

export const activityDuration = new Histogram({
  name: 'fanpin_activity_duration_seconds',
  help: 'Time an activity execution (attempt) took in this worker, by task queue and activity type.',
  labelNames: ['task_queue', 'activity_type'] as const,
  buckets: LatencyBuckets,
  registers: [metricsRegistry],
});

export const taskQueueBacklog = new Gauge({
  name: 'fanpin_task_queue_backlog',
  help: "Tasks waiting in a task queue for a worker (the server's approximate count), by task queue and task type.",
  labelNames: ['task_queue', 'task_type'] as const,
  registers: [metricsRegistry],
});

export const taskQueueBacklogAge = new Gauge({
  name: 'fanpin_task_queue_backlog_age_seconds',
  help: 'How long the oldest task waiting in a task queue has waited, by task queue and task type.',
  labelNames: ['task_queue', 'task_type'] as const,
  registers: [metricsRegistry],
});

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the registry at `/metrics` on a port of its own (not the service's: scrapes never meet
 * the API's guards, rate limits or access log), with Node's process metrics and a `service` label
 * on every series.
 */
export async function startMetricsServer(
  service: string,
  port: number,
  host: string,
): Promise<MetricsServer> {
  metricsRegistry.setDefaultLabels({ service });
  // Once per process, whoever asks again.
  if (!metricsRegistry.getSingleMetric('process_cpu_seconds_total')) {
    collectDefaultMetrics({ register: metricsRegistry });
  }
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
