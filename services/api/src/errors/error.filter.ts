import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { EdgeErrorCodes, ErrorCodes, type ErrorBody } from '@fanpin/contracts';
import { isDatabaseUnavailable } from '@fanpin/persistence';

import { HashQueueFull } from '../auth/hash-queue';
import { ApiError } from './api-error';

const codeOfStatus: Record<number, string> = {
  400: ErrorCodes.inputInvalid,
  404: EdgeErrorCodes.routeNotFound,
  405: EdgeErrorCodes.routeMethodNotAllowed,
  413: ErrorCodes.inputTooLarge,
  415: ErrorCodes.inputUnsupportedMediaType,
  503: EdgeErrorCodes.serviceNotReady,
};

/** When to try again after PostgreSQL did not answer: a restart or failover takes seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Body-parser failures are plain errors with a status and a type. */
export function bodyParserError(error: unknown): ApiError | undefined {
  const e = error as { type?: unknown; status?: unknown };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return undefined;
  if (e.type === 'entity.parse.failed')
    return new ApiError(ErrorCodes.inputMalformedJson, 400, 'the body is not valid JSON');
  if (e.type === 'entity.too.large')
    return new ApiError(ErrorCodes.inputTooLarge, 413, 'the body is too large');
  if (e.type === 'entity.too.deep')
    return new ApiError(ErrorCodes.inputTooDeep, 400, 'the body nests too deeply');
  return new ApiError(
    codeOfStatus[e.status] ?? ErrorCodes.inputInvalid,
    e.status,
    'the body cannot be read',
  );
}

/** Nest's own messages may echo the request (a route's path): a fixed text per status instead. */
function messageOf(status: number): string {
  if (status === 404) return 'no such route';
  if (status === 405) return 'the route does not take this method';
  if (status === 503) return 'not ready: a dependency does not answer';
  return status >= 500 ? 'the server failed' : 'the request is not valid';
}

function fromHttpException(error: HttpException): ApiError {
  const status = error.getStatus();
  const response = error.getResponse() as { code?: unknown; message?: unknown } | string;
  const code =
    typeof response === 'object' && typeof response.code === 'string' ? response.code : undefined;
  return new ApiError(code ?? codeOfStatus[status] ?? `HTTP.${status}`, status, messageOf(status));
}

/** Every error leaves as `{ code, message, correlationId }`; unknown errors become a bare 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<
      Omit<Request, 'route'> & { correlationId?: string; route?: { path?: string } }
    >();
    const response = http.getResponse<Response>();
    const apiError = this.toApiError(error);
    const body: ErrorBody = {
      code: apiError.code,
      message: apiError.message,
      correlationId: request.correlationId ?? 'none',
      ...(apiError.details === undefined ? {} : { details: apiError.details }),
    };
    if (apiError.status >= 500) {
      this.logger.error(
        `${request.method} ${request.route?.path ?? 'unmatched'} failed: ${apiError.code} [${body.correlationId}]`,
      );
    }
    if (apiError.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(apiError.retryAfterSeconds));
    }
    response.status(apiError.status).json(body);
  }

  private toApiError(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (error instanceof HttpException) return fromHttpException(error);
    if (error instanceof HashQueueFull) {
      return new ApiError(
        ErrorCodes.authBusy,
        429,
        'busy: try again shortly',
        undefined,
        error.retryAfterSeconds,
      );
    }
    const parserError = bodyParserError(error);
    if (parserError) return parserError;
    if (isDatabaseUnavailable(error)) {
      return new ApiError(
        ErrorCodes.databaseUnavailable,
        503,
        'the database is unavailable; try again',
        undefined,
        DATABASE_RETRY_AFTER_SECONDS,
      );
    }
    this.logger.error(`unexpected ${error instanceof Error ? error.name : typeof error}`);
    return new ApiError(ErrorCodes.internal, 500, 'internal error');
  }
}
