import { ApiErrorCodes, EdgeErrorCodes } from '@fanpin/contracts';

import type { Operation } from './document';

/**
 * Every code the API may answer (libs/contracts). The error filter's fallback for a status it has
 * no code for (`HTTP.<status>`) is none of them.
 */
export const catalogue = ApiErrorCodes;

/** Answers about the URL rather than the operation: another route, or none. */
const edgeOnly = new Set<string>([
  EdgeErrorCodes.routeNotFound,
  EdgeErrorCodes.routeMethodNotAllowed,
]);

/** The codes an operation documents for a status: those its answer's description names. */
export function documentedCodes(operation: Operation, status: number): string[] {
  const description = operation.responses[String(status)]?.description ?? '';
  return description.match(/\b[A-Z][A-Z_]+\.[A-Z_]+\b/g) ?? [];
}

/**
 * Why an error answer breaks the contract of codes, or null: its code must be catalogued and one
 * the operation documents for the status (a route the URL no longer reaches answers ROUTE.*).
 */
export function codeProblem(operation: Operation, status: number, body: unknown): string | null {
  const code = (body as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return 'no code';
  if (!catalogue.has(code)) return `${code} is not a catalogued code`;
  if (edgeOnly.has(code)) return null;
  if (!documentedCodes(operation, status).includes(code)) {
    return `${code} is not documented for ${status}`;
  }
  return null;
}
