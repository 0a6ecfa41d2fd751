import type { Headers, Payload } from '@temporalio/common';

/**
 * Temporal loads this module inside the workflow bundle too (workflow-interceptors.ts): nothing but
 * types of `@temporalio/common` here.
 *
 * The Temporal header that carries a correlation id from the HTTP request that caused them into
 * workflow starts, signals and updates, and from the workflow into its activities. Temporal holds
 * no payload in the clear, and the SDK runs no codec over headers: the header's payload is
 * encrypted by the sender's codec (correlation-interceptors.ts) and opened by the activity's. The
 * workflow only passes it on, unread.
 */
export const CorrelationHeader = 'fanpin-correlation-id';

const Pattern = /^[A-Za-z0-9-]{8,64}$/;

/** Whether `value` may serve as a correlation id: letters, digits and dashes, 8 to 64 of them. */
export function isCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && Pattern.test(value);
}

/** The (encrypted) correlation payload of `headers`, if any. */
export function correlationPayloadOf(headers: Headers | undefined): Payload | undefined {
  return headers?.[CorrelationHeader];
}

/** `headers` with `payload` as their correlation header; unchanged without one, or with one. */
export function withCorrelationPayload(headers: Headers, payload: Payload | undefined): Headers {
  if (payload === undefined || headers[CorrelationHeader] !== undefined) return headers;
  return { ...headers, [CorrelationHeader]: payload };
}
