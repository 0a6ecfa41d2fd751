import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

import { ErrorBody } from '@fanpin/contracts';

import { refTo } from './components';

/**
 * What every route may answer because of the HTTP edge itself rather than its own work, added to
 * each operation of the document so that each route need not repeat it:
 * - 400 for a request the API cannot read (bad JSON, nested too deep, a malformed parameter);
 * - 413 and 415 for a body too large or in an unreadable encoding: a body sent to any route is
 *   read, to refuse the fields of one the route does not take;
 * - 500 for an unexpected failure (never with details);
 * - 503 while PostgreSQL cannot be reached (every signed-in request reads its account there);
 * - 403 `AUTH.CSRF` on the signed-in writes: by the console's cookie, a write without its CSRF proof;
 * - `security: []` on the public routes (every other route names the bearer scheme).
 */
const EDGE: Record<string, string> = {
  400: 'INPUT.INVALID, INPUT.MALFORMED_JSON, INPUT.TOO_DEEP: the request cannot be read as sent',
  413: 'INPUT.TOO_LARGE: the body is over the limit (64 kB; 4 MB for /codec, 64 MB for batches, 32 MB for a national export)',
  415: 'INPUT.UNSUPPORTED_MEDIA_TYPE: the body’s charset or encoding is not one the API reads',
  500: 'INTERNAL: an unexpected failure; quote the correlation id',
  503: 'DATABASE.UNAVAILABLE: the database does not answer; try again after Retry-After',
};

/** A write of a signed-in route by the console's session cookie, without its CSRF proof. */
const CSRF =
  'AUTH.CSRF: signed in by the session cookie, a change needs the X-CSRF-Token header and must come from this site';

const errorAnswer = (description: string): ResponseObject => ({
  description,
  content: { 'application/json': { schema: refTo(ErrorBody) } },
});

function addAnswer(
  operation: OperationObject,
  status: string,
  edge = EDGE[status] as string,
): void {
  const own = operation.responses[status] as ResponseObject | undefined;
  operation.responses[status] = own
    ? { ...own, description: `${own.description}\n\n${edge}` }
    : errorAnswer(edge);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV body is text and a workbook bytes: their JSON form's schema describes neither. */
function csvIsText(operation: OperationObject): void {
  const body = operation.requestBody as { content?: Record<string, object> } | undefined;
  if (body?.content?.['text/csv']) {
    body.content['text/csv'] = {
      schema: { type: 'string', contentMediaType: 'text/csv', description: 'CSV, UTF-8 or GBK' },
    };
  }
  if (body?.content?.[XLSX]) {
    body.content[XLSX] = {
      schema: { type: 'string', contentMediaType: XLSX, description: 'An Excel workbook' },
    };
  }
}

function finishOperation(operation: OperationObject, method: string): void {
  // A body sent to any route is read (and refused when it has fields the route does not take).
  for (const status of ['400', '413', '415', '500', '503']) addAnswer(operation, status);
  const secured = (operation.security ?? []).length > 0;
  if (secured && !['get', 'head', 'options'].includes(method)) addAnswer(operation, '403', CSRF);
  operation.security ??= [];
  csvIsText(operation);
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

export function addEdgeAnswers(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) finishOperation(operation, method);
    }
  }
}
