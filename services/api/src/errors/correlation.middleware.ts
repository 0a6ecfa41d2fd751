import type { NextFunction, Request, Response } from 'express';

import { correlationIdFrom, isCorrelationId, runWithCorrelationId } from '@fanpin/platform';

/**
 * Gives every request a correlation id — the caller's `X-Request-Id` or `X-Correlation-Id`, when
 * well-formed, else a new UUID — and answers it in both headers. The request is handled with it as
 * the current id: its log lines carry it, and so does every workflow start, signal and update it
 * sends (a Temporal header), on to the activities those run.
 */
export function correlationId(
  req: Request & { correlationId?: string },
  res: Response,
  next: NextFunction,
): void {
  const given = [req.header('x-request-id'), req.header('x-correlation-id')].find(isCorrelationId);
  const id = correlationIdFrom(given);
  req.correlationId = id;
  res.setHeader('x-correlation-id', id);
  res.setHeader('x-request-id', id);
  runWithCorrelationId(id, next);
}
