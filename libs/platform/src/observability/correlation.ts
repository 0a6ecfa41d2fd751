import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import { isCorrelationId } from '../temporal/correlation-header';

/**
 * The correlation id of the work in progress: an HTTP request's in the API, the activity's (the id
 * of the request that led to it) in a worker. Every log line written while it is set carries it, and
 * every workflow start, signal or update the process sends passes it on as a Temporal header.
 */
const storage = new AsyncLocalStorage<string>();

/** The correlation id of the request or activity running now, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** Runs `work` with `id` as the current correlation id (and everything it starts, awaited or not). */
export function runWithCorrelationId<T>(id: string, work: () => T): T {
  return storage.run(id, work);
}

/** The caller's id when it is a well-formed one (never free text into logs), else a new UUID. */
export function correlationIdFrom(given: string | undefined): string {
  return given !== undefined && isCorrelationId(given) ? given : randomUUID();
}
