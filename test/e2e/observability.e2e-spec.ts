import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { CaseSummary } from '@fanpin/contracts';
import { freePorts, ServiceNames, workspaceRoot, type ServiceName } from '@fanpin/devstack';

import { TestSystem, alertBody, healthBureau, policyEnv, standardForms } from '../support/harness';

/** One span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  name: string;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; boolValue?: boolean };
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: { traceId: string; name: string; attributes?: OtlpAttribute[] }[];
    }[];
  }[];
}

const attributesOf = (list: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(
    list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue]),
  );

/** A collector that keeps every span exported to its `/v1/traces`. */
async function otlpCollector(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attributesOf(rs.resource?.attributes)['service.name']);
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({
                service,
                traceId: s.traceId,
                name: s.name,
                attributes: attributesOf(s.attributes),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}`, spans };
}

/** One series of a Prometheus text exposition: its labels and value. */
interface Series {
  labels: Record<string, string>;
  value: number;
}

async function scrape(port: number): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(answer.status).toBe(200);
  return answer.text();
}

/** Every series of metric `name` in an exposition. */
function seriesOf(text: string, name: string): Series[] {
  const series: Series[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    series.push({ labels, value: Number(match[3]) });
  }
  return series;
}

/** The sum of the series of `name` whose labels include `labels` (0 when none has been seen). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  return seriesOf(text, name)
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/**
 * What operators watch: each process's Prometheus metrics (its own and the Temporal SDK's), the
 * correlation id of an HTTP request in the log lines of the activities its case runs, and one trace
 * from the API through the workflow into an activity service.
 */
describe('observability', () => {
  let t: TestSystem;
  let collector: Awaited<ReturnType<typeof otlpCollector>>;
  const metrics = {} as Record<'api' | 'workflow-worker' | 'intake', number>;
  const sdkMetrics = {} as Record<'workflow-worker' | 'intake' | 'verification', number>;
  const township = '220681001';

  beforeAll(async () => {
    collector = await otlpCollector();
    const [api, worker, workerSdk, intake, intakeSdk, verificationSdk] = await freePorts(6);
    Object.assign(metrics, { api, 'workflow-worker': worker, intake });
    Object.assign(sdkMetrics, {
      'workflow-worker': workerSdk,
      intake: intakeSdk,
      verification: verificationSdk,
    });
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // The exporter's own setting: spans leave within a fifth of a second, not five.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {
      // A village verification is overdue a second after the case opens.
      api: {
        METRICS_PORT: String(api),
        ...policyEnv({ VILLAGE_VERIFICATION_DEADLINE: '1s' }),
        ...tracing,
      },
      // Debug: the SDK logs each activity's start and end, as a line of the activity (the case's
      // opening is a local activity of the workflow worker).
      'workflow-worker': {
        METRICS_PORT: String(worker),
        TEMPORAL_SDK_METRICS_PORT: String(workerSdk),
        TASK_QUEUE_STATS_INTERVAL_SECONDS: '1',
        LOG_LEVEL: 'debug',
        ...tracing,
      },
      intake: {
        METRICS_PORT: String(intake),
        TEMPORAL_SDK_METRICS_PORT: String(intakeSdk),
        TASK_QUEUE_STATS_INTERVAL_SECONDS: '1',
        LOG_LEVEL: 'debug',
        ...tracing,
      },
      verification: { LOG_LEVEL: 'debug', TEMPORAL_SDK_METRICS_PORT: String(verificationSdk) },
    };
    t = await TestSystem.start('observability', extraEnv);
  });

  afterAll(async () => {
    await t?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
  });

  /** The JSON lines of a service's log that mention the case. */
  async function caseLines(service: ServiceName, caseId: string) {
    return (await readFile(t.system.services[service].spec.logFile, 'utf8'))
      .split('\n')
      .filter((l) => l.includes(caseId))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  const requestId = `obs-${randomUUID()}`;
  let caseId: string;
  let before: { api: string; worker: string };

  it("answers an HTTP request's id, or makes one", async () => {
    before = { api: await scrape(metrics.api), worker: await scrape(metrics['workflow-worker']) };
    const answer = await fetch(`${t.apiUrl}/v1/alerts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token(healthBureau)}`,
        'content-type': 'application/json',
        'x-request-id': requestId,
      },
      body: JSON.stringify(alertBody()),
    });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    caseId = ((await answer.json()) as { caseId: string }).caseId;

    const made = await fetch(`${t.apiUrl}/health/live`, { headers: { 'x-request-id': 'bad id' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("carries the request's id into every log line of the activities its case runs", async () => {
    await t.waitForCase(caseId, (s: CaseSummary) => s.openTask?.kind === 'village-verification');
    const lines = await eventually('activity log lines of the case', async () => {
      // The case's opening, a local activity of the workflow worker.
      const found = await caseLines('workflow-worker', caseId);
      return found.some((l) => l.message === 'Activity completed') ? found : undefined;
    });
    // The SDK says an activity started before any interceptor has seen its headers: that line
    // alone cannot know the id. Every line from the activity's run on carries it. The worker's
    // lines of the workflow itself (its start) are no activity's.
    const ofWorkflow = (l: Record<string, unknown>) =>
      l.sdkComponent === 'worker' && l.activityType === undefined;
    const ran = lines.filter((l) => l.message !== 'Activity started' && !ofWorkflow(l));
    expect(ran.length).toBeGreaterThan(0);
    for (const line of ran) expect(line).toMatchObject({ correlationId: requestId });
  });

  it("counts requests by route template and each worker's activities", async () => {
    const api = await scrape(metrics.api);
    const alerts = { method: 'POST', route: '/v1/alerts', status: '202' };
    expect(valueOf(api, 'fanpin_http_requests_total', alerts)).toBe(
      valueOf(before.api, 'fanpin_http_requests_total', alerts) + 1,
    );
    // Case reads while the test waited: one series for every case, not one per case.
    const reads = seriesOf(api, 'fanpin_http_requests_total').filter(
      (s) => s.labels.route === '/v1/cases/:caseId',
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(api).not.toContain(caseId);
    expect(valueOf(api, 'fanpin_http_request_duration_seconds_count', alerts)).toBeGreaterThan(0);

    // The case's opening ran as a local activity of the workflow worker, on the case's queue.
    const worker = await scrape(metrics['workflow-worker']);
    const completed = { task_queue: 'household-case', outcome: 'completed' };
    expect(valueOf(worker, 'fanpin_activity_executions_total', completed)).toBeGreaterThan(
      valueOf(before.worker, 'fanpin_activity_executions_total', completed),
    );
    expect(valueOf(worker, 'fanpin_activity_duration_seconds_count')).toBeGreaterThan(0);
    const intake = await scrape(metrics.intake);
    expect(intake).toMatch(/process_resident_memory_bytes\{service="intake"\} \d+/);
  });

  it("reports the task queues' backlog from the server's statistics", async () => {
    const backlog = await eventually('the backlog gauges', async () => {
      const worker = await scrape(metrics['workflow-worker']);
      const series = seriesOf(worker, 'fanpin_task_queue_backlog');
      return series.length > 0 ? series : undefined;
    });
    expect(backlog.map((s) => s.labels)).toContainEqual(
      expect.objectContaining({ task_queue: 'household-case', task_type: 'workflow' }),
    );
    expect(backlog.every((s) => s.value >= 0)).toBe(true);
    const intake = await scrape(metrics.intake);
    expect(seriesOf(intake, 'fanpin_task_queue_backlog').map((s) => s.labels)).toContainEqual(
      expect.objectContaining({ task_queue: 'intake', task_type: 'activity' }),
    );
  });

  it('counts overdue cases by township and level', async () => {
    const village = { township, level: 'village' };
    const was = valueOf(before.api, 'fanpin_overdue_cases', village);
    const now = await eventually('the case overdue', async () => {
      const value = valueOf(await scrape(metrics.api), 'fanpin_overdue_cases', village);
      return value > was ? value : undefined;
    });
    expect(now).toBeGreaterThanOrEqual(was + 1);
  });

  it("carries a staff task's request id to the activities that follow it", async () => {
    const summary = await t.waitForCase(caseId, (s) => s.openTask?.kind === 'village-verification');
    const task = summary.openTask!;
    const form = standardForms[task.kind]!;
    const taskRequestId = `obs-task-${randomUUID()}`;
    const answer = await fetch(`${t.apiUrl}/v1/cases/${caseId}/tasks/${task.taskId}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token(form.as(summary.divisions))}`,
        'content-type': 'application/json',
        'x-request-id': taskRequestId,
      },
      body: JSON.stringify(form.body),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe(taskRequestId);
    // The update answers at once; the workflow closes the task after it, on its main line.
    const closed = await eventually('the task closed', async () =>
      (await caseLines('verification', caseId)).find(
        (l) => l.activityType === 'closeTask' && l.message === 'Activity completed',
      ),
    );
    expect(closed).toMatchObject({ correlationId: taskRequestId });
  });

  it("serves the Temporal SDK's own metrics from the workers", async () => {
    const worker = await scrape(sdkMetrics['workflow-worker']);
    expect(
      valueOf(worker, 'temporal_workflow_task_execution_latency_seconds_count', {
        task_queue: 'household-case',
      }),
    ).toBeGreaterThan(0);
    // The staff task's closing, on verification's queue.
    const ran = await eventually("verification's activities in its SDK metrics", async () => {
      const value = valueOf(
        await scrape(sdkMetrics.verification),
        'temporal_activity_execution_latency_seconds_count',
        { task_queue: 'verification' },
      );
      return value > 0 ? value : undefined;
    });
    expect(ran).toBeGreaterThan(0);
  });

  it('traces the request from the API through the workflow into the activities', async () => {
    const request = await eventually('the request span', () =>
      Promise.resolve(
        collector.spans.find(
          (s) => s.service === 'api' && s.attributes['fanpin.correlation_id'] === requestId,
        ),
      ),
    );
    expect(request.name).toBe('POST /v1/alerts');
    const trace = await eventually('spans of the workflow and an activity', () => {
      const spans = collector.spans.filter((s) => s.traceId === request.traceId);
      return Promise.resolve(
        spans.some((s) => s.name === 'RunActivity:openCase') ? spans : undefined,
      );
    });
    // The workflow's own span (RunWorkflow) ends with the case, months later: its signal's
    // handling and the activities it starts are in the trace now.
    const names = trace.map((s) => `${s.service} ${s.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'api SignalWithStartWorkflow:householdCase',
        'workflow-worker HandleSignal:alert',
        'workflow-worker StartActivity:openCase',
        // The case is opened by a local activity, in the workflow worker itself.
        'workflow-worker RunActivity:openCase',
      ]),
    );
  });

  it('has a dashboard and a Prometheus configuration on the metrics the processes serve', async () => {
    const served = new Set(
      (
        await Promise.all(
          [...Object.values(metrics), ...Object.values(sdkMetrics)].map((port) => scrape(port)),
        )
      )
        .join('\n')
        .split('\n')
        .flatMap((line) => /^# TYPE (\S+) /.exec(line)?.[1] ?? []),
    );
    const dashboard = JSON.parse(
      await readFile(path.join(workspaceRoot, 'deploy/grafana/fanpin-dashboard.json'), 'utf8'),
    ) as { panels: { targets?: { expr: string }[] }[] };
    const used = new Set(
      dashboard.panels
        .flatMap((p) => p.targets ?? [])
        .flatMap((t) => t.expr.match(/\b(fanpin|temporal|process|nodejs)_\w+/g) ?? [])
        .map((name) => name.replace(/_(bucket|count|sum)$/, '')),
    );
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !served.has(name))).toEqual([]);

    const prometheus = await readFile(
      path.join(workspaceRoot, 'deploy/prometheus/prometheus.yml'),
      'utf8',
    );
    for (const name of ServiceNames) expect(prometheus).toContain(name);
  });
});
