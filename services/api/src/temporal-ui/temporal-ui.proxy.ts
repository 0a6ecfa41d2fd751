import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

import { ErrorCodes, hasPermission, Permissions } from '@fanpin/contracts';
import {
  supervisorTemporalPermissions,
  temporalTokenMinter,
  type TemporalTokenMinter,
} from '@fanpin/platform';

import { AccountsService } from '../accounts/accounts.service';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { accessDenied, authenticate, Refusal, type AuthedRequest } from '../auth/auth.guard';
import { ApiError } from '../errors/api-error';
import type { ApiConfig } from '../settings';

/** Where the supervisors' Web UI is served (the UI server's `publicPath`). */
export const TEMPORAL_UI_PATH = '/temporal-ui';

/** How long a supervisor's Temporal token lives; renewed when a third of it is left. */
const READ_TOKEN_SECONDS = 300;

/**
 * The supervisors' Temporal Web UI, behind the console's sign-in. The UI server (write actions
 * disabled in its config) listens where only the API reaches it; every request here must carry
 * a console session of a role that may inspect workflows (supervisors). The proxy then replaces
 * whatever Authorization the browser sent with a Temporal token of that account that may only
 * read the namespace: whatever the UI or a hand-made request asks, Temporal's authorizer refuses
 * every terminate, signal, update or reset. The console's cookies do not go on to the UI server.
 */
export function temporalUiHandlers(app: INestApplication, config: ApiConfig): RequestHandler[] {
  const upstream = config.TEMPORAL_UI_UPSTREAM;
  if (!upstream) return [];
  const accounts = app.get(AccountsService);
  const audit = app.get(AuditLog);
  const minter = temporalTokenMinter(config);
  const readScope = supervisorTemporalPermissions(config.TEMPORAL_NAMESPACE);
  // One token per supervisor, renewed as it ages: a page loads dozens of assets and API calls.
  const tokens = new Map<string, () => string>();
  const readToken = (accountId: string, issuer: TemporalTokenMinter): string => {
    let current = tokens.get(accountId);
    if (!current) {
      current = issuer.renewing(`account:${accountId}`, readScope, READ_TOKEN_SECONDS);
      tokens.set(accountId, current);
    }
    return current();
  };

  const guard = async (request: Request, response: Response, next: NextFunction) => {
    const refuse = async (error: ApiError, reason: string, actor?: AuthedRequest['actor']) => {
      await audit.recordQuietly(
        { kind: AuditKinds.accessRefused, outcome: 'refused', actor: actor ?? null, reason },
        request,
      );
      // A person opening the UI signs in first and comes back; a script gets the API's error.
      if (
        error.status === 401 &&
        request.method === 'GET' &&
        (request.headers.accept ?? '').includes('text/html')
      ) {
        response.redirect(303, `/sign-in?next=${encodeURIComponent(request.originalUrl)}`);
        return;
      }
      sendError(request, response, error);
    };
    try {
      const signedIn = await authenticate(accounts, request, Permissions.workflowsInspect, 'site');
      if (!signedIn) {
        await refuse(
          new ApiError(ErrorCodes.authRequired, 401, 'sign in first: no session'),
          'NO_TOKEN',
        );
        return;
      }
      if (!hasPermission(signedIn.actor.role, Permissions.workflowsInspect)) {
        await refuse(accessDenied(), `ROLE_LACKS_${Permissions.workflowsInspect}`, signedIn.actor);
        return;
      }
      // The console's cookies stay here; the UI server's own (its CSRF token) go on.
      const cookies = (request.headers.cookie ?? '')
        .split(';')
        .map((part) => part.trim())
        .filter((part) => part !== '' && !part.startsWith('fanpin_'));
      if (cookies.length > 0) request.headers.cookie = cookies.join('; ');
      else delete request.headers.cookie;
      delete request.headers.authorization;
      if (minter) {
        request.headers.authorization = `Bearer ${readToken(signedIn.actor.id, minter)}`;
      }
      next();
    } catch (error) {
      if (!(error instanceof Refusal)) {
        next(error);
        return;
      }
      await refuse(error.error, error.reason, error.actor);
    }
  };

  const proxy = createProxyMiddleware<Request, Response>({
    target: upstream,
    changeOrigin: true,
    // Mounted at the root so that the UI server sees its own public path.
    pathFilter: (path) => path === TEMPORAL_UI_PATH || path.startsWith(`${TEMPORAL_UI_PATH}/`),
    on: {
      error: (_error, request, response) => {
        if (!('status' in response) || response.headersSent) return;
        sendError(
          request,
          response,
          new ApiError(ErrorCodes.temporalUnavailable, 503, 'the Temporal Web UI does not answer'),
        );
      },
    },
  });

  const underUi = (request: Request) =>
    request.path === TEMPORAL_UI_PATH || request.path.startsWith(`${TEMPORAL_UI_PATH}/`);
  return [
    (request, response, next) => {
      if (!underUi(request)) {
        next();
        return;
      }
      void guard(request, response, next);
    },
    proxy,
  ];
}

/** The API's error body, as its exception filter writes it. */
function sendError(
  request: Request & { correlationId?: string },
  response: Response,
  error: ApiError,
): void {
  response.status(error.status).json({
    code: error.code,
    message: error.message,
    correlationId: request.correlationId ?? 'none',
  });
}
