import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

const VALID = /^[A-Za-z0-9-]{8,64}$/;

/** Gives every request a correlation id (the caller's, when well-formed) and echoes it back. */
export function correlationId(
  req: Request & { correlationId?: string },
  res: Response,
  next: NextFunction,
): void {
  const given = req.header('x-correlation-id');
  req.correlationId = given && VALID.test(given) ? given : randomUUID();
  res.setHeader('x-correlation-id', req.correlationId);
  next();
}
