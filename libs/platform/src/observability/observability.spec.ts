import { EventEmitter } from 'node:events';

import { ApplicationFailure } from '@temporalio/common';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { NextFunction, Request, Response } from 'express';

import { JsonLogger } from '../logging/logger';
import { activityMetricsInterceptors, failureTypeOf } from './activity-metrics';
import { runWithCorrelationId } from './correlation';
import { httpObservability, routeOf } from './http';
import { metricsRegistry, startMetricsServer } from './metrics';

/** A series' value in the registry now (0 when it has none yet). */
async function valueOf(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric(name)?.get();
  // A histogram's values are its buckets, sum and count: the count is the one of interest.
  const wanted = String(metric?.type) === 'histogram' ? `${name}_count` : name;
  const match = metric?.values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? name) === wanted &&
      Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return match?.value ?? 0;
}

describe('HTTP metrics', () => {
  it('label a request with its route template, never its path', () => {
    expect(routeOf({ baseUrl: '', route: { path: '/v1/cases/:caseId' } } as never, 200)).toBe(
      '/v1/cases/:caseId',
    );
    expect(routeOf({ baseUrl: '/api', route: { path: '/x/:id' } } as never, 200)).toBe(
      '/api/x/:id',
    );
    expect(routeOf({ baseUrl: '' } as never, 404)).toBe('unmatched');
    expect(routeOf({ baseUrl: '' } as never, 200)).toBe('static');
  });

  it('count and time each answered request by method, route and status', async () => {
    const labels = { method: 'POST', route: '/v1/cases/:caseId/tasks/:taskId', status: '409' };
    const before = await valueOf('fanpin_http_requests_total', labels);
    const timedBefore = await valueOf('fanpin_http_request_duration_seconds', labels);
    const res = Object.assign(new EventEmitter(), { statusCode: 409, writableFinished: true });
    const req = { method: 'POST', baseUrl: '', headers: {} } as unknown as Request;
    const next = jest.fn<void, []>();
    httpObservability(req, res as unknown as Response, next as NextFunction);
    expect(next).toHaveBeenCalled();
    // Routing happens after the middleware: the template is read when the answer has gone.
    (req as { route?: unknown }).route = { path: '/v1/cases/:caseId/tasks/:taskId' };
    res.emit('close');
    expect(await valueOf('fanpin_http_requests_total', labels)).toBe(before + 1);
    expect(await valueOf('fanpin_http_request_duration_seconds', labels)).toBe(timedBefore + 1);
  });
});

describe('activity metrics', () => {
  const ctx = (aborted = false) =>
    ({
      info: { taskQueue: 'intake', activityType: 'recordCase' },
      cancellationSignal: { aborted },
    }) as unknown as ActivityContext;
  const base = { task_queue: 'intake', activity_type: 'recordCase' };

  it('name failures by their type or class, never by their message', () => {
    expect(failureTypeOf(ApplicationFailure.create({ type: 'DATABASE', message: '张三' }))).toBe(
      'DATABASE',
    );
    expect(failureTypeOf(new TypeError('x'))).toBe('TypeError');
    const odd = new Error('x');
    odd.name = 'name with 张三';
    expect(failureTypeOf(odd)).toBe('other');
  });

  it('count completed, failed and cancelled executions by activity type', async () => {
    const executions = (outcome: string) =>
      valueOf('fanpin_activity_executions_total', { ...base, outcome });
    const databaseFailures = () =>
      valueOf('fanpin_activity_failures_total', { ...base, failure_type: 'DATABASE' });
    const completed = await executions('completed');
    const failed = await executions('failed');
    const cancelled = await executions('cancelled');
    const failures = await databaseFailures();
    const input = { args: [], headers: {} };
    await activityMetricsInterceptors(ctx()).inbound.execute!(input, () => Promise.resolve(1));
    const failure = ApplicationFailure.create({ type: 'DATABASE', message: 'x' });
    await expect(
      activityMetricsInterceptors(ctx()).inbound.execute!(input, () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    await expect(
      activityMetricsInterceptors(ctx(true)).inbound.execute!(input, () =>
        Promise.reject(new Error('aborted')),
      ),
    ).rejects.toThrow('aborted');
    expect(await executions('completed')).toBe(completed + 1);
    expect(await executions('failed')).toBe(failed + 1);
    expect(await executions('cancelled')).toBe(cancelled + 1);
    expect(await databaseFailures()).toBe(failures + 1);
    expect(await valueOf('fanpin_activity_duration_seconds', base)).toBeGreaterThanOrEqual(3);
  });
});

describe('the metrics server', () => {
  it('serves the registry at /metrics on its own port, with the service label', async () => {
    const server = await startMetricsServer('test-service', 0, '127.0.0.1');
    try {
      const answer = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(text).toContain('# TYPE fanpin_http_requests_total counter');
      expect(text).toMatch(/process_cpu_user_seconds_total\{service="test-service"\} /);
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('JsonLogger', () => {
  it("puts the running request's or activity's correlation id on each line", () => {
    const lines: string[] = [];
    const write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    try {
      const logger = new JsonLogger('svc', { json: true, colors: false, logLevels: ['log'] });
      runWithCorrelationId('req-abcdef12', () => logger.log('inside', 'Ctx'));
      logger.log('outside', 'Ctx');
    } finally {
      write.mockRestore();
    }
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ message: 'inside', correlationId: 'req-abcdef12' });
    expect(outside).toMatchObject({ message: 'outside' });
    expect(outside).not.toHaveProperty('correlationId');
  });
});
