import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';

import { CodecErrorCodes } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';
import { API_CONFIG, type ApiConfig } from '../settings';

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'content-type,x-namespace,authorization',
  'Access-Control-Max-Age': '600',
};

/**
 * Echoes an allowed origin with credentials (and the preflight headers); says whether the request
 * came without an origin (the CLI), from an allowed one, or from one to refuse.
 */
function echoAllowedOrigin(
  origins: ReadonlySet<string>,
  request: Request,
  response: Response,
): 'none' | 'allowed' | 'refused' {
  response.vary('Origin');
  const origin = request.header('origin');
  if (origin === undefined) return 'none';
  if (!origins.has(origin)) return 'refused';
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Access-Control-Allow-Credentials', 'true');
  if (request.method === 'OPTIONS') response.set(PREFLIGHT_HEADERS);
  return 'allowed';
}

/**
 * CORS of the codec endpoints only, for the Temporal Web UI (which calls them from its own origin,
 * with credentials). An allowed origin is echoed with `Access-Control-Allow-Credentials: true`; a
 * request from any other origin is refused. Requests without an Origin (the CLI) pass. Runs before
 * pipes and handlers, so their errors carry the headers too.
 */
@Injectable()
export class CodecCorsInterceptor implements NestInterceptor {
  private readonly origins: ReadonlySet<string>;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.origins = new Set(config.CODEC_CORS_ORIGINS);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (echoAllowedOrigin(this.origins, request, response) === 'refused') {
      throw new ApiError(
        CodecErrorCodes.originNotAllowed,
        403,
        'this origin may not call the codec',
      );
    }
    return next.handle();
  }
}

/**
 * The same headers for an allowed origin, set before authentication: a 401 or 403 of the auth guard
 * (an expired session, say) reaches the Web UI readable, instead of as an opaque CORS failure. The
 * interceptor above still refuses other origins.
 */
export function codecCorsHeaders(allowed: readonly string[]) {
  const origins = new Set(allowed);
  return (request: Request, response: Response, next: NextFunction): void => {
    echoAllowedOrigin(origins, request, response);
    next();
  };
}
