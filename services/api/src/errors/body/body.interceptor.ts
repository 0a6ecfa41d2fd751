import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { from, switchMap, type Observable } from 'rxjs';

import { jsonCharset, mediaType, parseJson } from './parse-json';
import { checkNoBody, takesBody } from './no-body';
import { hasBody, readBody } from './read-body';

const KIB = 1024;
const MIB = 1024 * KIB;

interface BodyPolicy {
  /** `json`: parsed when sent as application/json; `raw`: the bytes, whatever the type. */
  as: 'json' | 'raw';
  /** Bytes, both as sent and decompressed. */
  limit: number;
}

const JSON_BODY: BodyPolicy = { as: 'json', limit: 64 * KIB };

/** By path prefix, or the whole path; any other route takes JSON_BODY. */
const POLICIES: [path: string | RegExp, policy: BodyPolicy][] = [
  // The Web UI decodes a whole history page at once: the codec endpoint takes larger bodies.
  ['/codec/', { as: 'json', limit: 4 * MIB }],
  // Bureau batches (up to 100,000 records, JSON or CSV) are read as bytes: the service decodes them.
  ['/v1/alert-batches/', { as: 'raw', limit: 64 * MIB }],
  // The national system's export (CSV, .xlsx or JSON, up to 100,000 rows), read as bytes likewise.
  [/^\/v1\/national\/reconciliations\/?$/, { as: 'raw', limit: 32 * MIB }],
];

export function bodyPolicy(path: string): BodyPolicy {
  const applies = (p: string | RegExp) =>
    typeof p === 'string' ? path.startsWith(p) : p.test(path);
  return POLICIES.find(([p]) => applies(p))?.[1] ?? JSON_BODY;
}

async function readInto(request: Request, routeTakesBody: boolean): Promise<void> {
  if (!hasBody(request.headers)) return;
  const policy = bodyPolicy(request.path);
  if (policy.as === 'raw') {
    request.body = await readBody(request, policy.limit);
    return;
  }
  // Anything but JSON stays unread; the route's validation refuses the missing body.
  if (mediaType(request.headers) !== 'application/json') return;
  const charset = jsonCharset(request.headers);
  request.body = parseJson(charset, await readBody(request, policy.limit));
  if (!routeTakesBody) checkNoBody(request.body);
}

/**
 * Reads request bodies only once the route is known and its guards have let the caller through:
 * a request without valid credentials for a protected route (or a throttled one) is answered
 * before a byte of its body is read or decompressed. The application has no body parser of its own
 * (`bodyParser: false`); interceptors run after guards and before the pipes that read `@Body()`.
 */
@Injectable()
export class BodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return from(readInto(request, takesBody(context))).pipe(switchMap(() => next.handle()));
  }
}
