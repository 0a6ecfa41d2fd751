import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

import { httpRequestDuration, httpRequests } from './metrics';
import { tracer, tracingEnabled } from './tracing';

const Methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route template that answered a request (`/v1/cases/:caseId`), never its path: ids and codes
 * in paths would make a series per case. Requests no route took are `unmatched` (404) or `static`
 * (the console's files, served before routing).
 */
export function routeOf(req: Pick<Request, 'baseUrl' | 'route'>, status: number): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl ?? ''}${path}` || '/';
  return status === 404 ? 'unmatched' : 'static';
}

/**
 * Counts and times every HTTP request by method, route template and status; with tracing on, each
 * request is a server span (its parent the caller's `traceparent`, if sent), active while the
 * request is handled, so that the workflow calls it makes are its children.
 */
export function httpObservability(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const method = Methods.has(req.method) ? req.method : 'OTHER';
  const parent = tracingEnabled() ? propagation.extract(context.active(), req.headers) : undefined;
  const span = parent
    ? tracer().startSpan(
        method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
        parent,
      )
    : undefined;
  res.once('close', () => {
    // Closed before the answer was sent: the client went away (nginx's 499).
    const status = res.writableFinished ? res.statusCode : 499;
    const route = routeOf(req, status);
    const labels = { method, route, status: String(status) };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    if (span) endSpan(span, req, method, route, status);
  });
  if (parent && span) context.with(trace.setSpan(parent, span), next);
  else next();
}

function endSpan(span: Span, req: Request, method: string, route: string, status: number): void {
  span.updateName(`${method} ${route}`);
  span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
  const id = (req as { correlationId?: unknown }).correlationId;
  if (typeof id === 'string') span.setAttribute('fanpin.correlation_id', id);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
