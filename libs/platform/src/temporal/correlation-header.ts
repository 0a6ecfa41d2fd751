import { defaultPayloadConverter, type Headers } from '@temporalio/common';

/**
 * Temporal loads this module inside the workflow bundle too (workflow-interceptors.ts): nothing but
 * `@temporalio/common` here.
 *
 * The Temporal header that carries a correlation id from the HTTP request that caused them into
 * workflow starts, signals and updates, and from the workflow into its activities. Headers are not
 * encrypted by the payload codec: a correlation id is a random code, never data about a person.
 */
export const CorrelationHeader = 'fanpin-correlation-id';

const Pattern = /^[A-Za-z0-9-]{8,64}$/;

/** Whether `value` may serve as a correlation id: letters, digits and dashes, 8 to 64 of them. */
export function isCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && Pattern.test(value);
}

/** The correlation id in `headers`, if there is a well-formed one. */
export function correlationIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[CorrelationHeader];
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return isCorrelationId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `headers` with `id` as their correlation id; unchanged without one, or when they have one. */
export function withCorrelationId(headers: Headers, id: string | undefined): Headers {
  if (id === undefined || headers[CorrelationHeader] !== undefined) return headers;
  return { ...headers, [CorrelationHeader]: defaultPayloadConverter.toPayload(id) };
}
