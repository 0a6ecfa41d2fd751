import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import {
  ErrorCodes,
  Permissions,
  hasPermission,
  type Actor,
  type Permission,
} from '@fanpin/contracts';

import { AccountsService } from '../accounts/accounts.service';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';
import { PERMISSION, PUBLIC } from './permission.decorator';

/** The cookie set at sign-in for the Temporal Web UI's calls to the codec endpoint (path /codec only). */
export const SESSION_COOKIE = 'fanpin_session';

type AuthedRequest = Request & { actor?: Actor; correlationId?: string };

function bearerToken(request: Request): string | undefined {
  const header = request.header('authorization');
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  return match?.[1] ?? '';
}

function sessionCookie(request: Request): string | undefined {
  const cookies = request.header('cookie');
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/**
 * Deny by default. A route is open only when it says `@Public()`; any other route needs a valid
 * access token of an active account whose role holds the route's `@RequirePermission(...)`. A route
 * that names no permission is refused to everyone. Every refusal goes to the audit log.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    private readonly audit: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      PERMISSION,
      targets,
    );
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const refuse = async (error: ApiError, reason: string, actor?: Actor) => {
      await this.audit.recordQuietly(
        { kind: AuditKinds.accessRefused, outcome: 'refused', actor: actor ?? null, reason },
        request,
      );
      return error;
    };

    // The cookie is only for the codec endpoint, which the Web UI calls with credentials.
    const token =
      bearerToken(request) ??
      (permission === Permissions.payloadsDecode ? sessionCookie(request) : undefined);
    if (!token) {
      throw await refuse(
        new ApiError(ErrorCodes.authRequired, 401, 'sign in first: no access token'),
        'NO_TOKEN',
      );
    }
    let actor: Actor;
    try {
      actor = this.accounts.tokens.verify(token);
    } catch (error) {
      throw await refuse(error as ApiError, (error as ApiError).code ?? 'BAD_TOKEN');
    }
    // From memory while account changes are listened to (AccountStatus): no query on the way.
    const active = await this.accounts.status.active(actor.id);
    if (!active) {
      throw await refuse(
        new ApiError(ErrorCodes.authTokenInvalid, 401, 'the account is disabled'),
        'ACCOUNT_DISABLED',
        actor,
      );
    }
    request.actor = actor;
    if (!permission) {
      this.logger.error(`a route without a permission was called: refused`);
      throw await refuse(accessDenied(), 'ROUTE_WITHOUT_PERMISSION', actor);
    }
    if (!hasPermission(actor.role, permission)) {
      throw await refuse(accessDenied(), `ROLE_LACKS_${permission}`, actor);
    }
    return true;
  }
}

export function accessDenied(message = 'your role may not do this'): ApiError {
  return new ApiError(ErrorCodes.accessDenied, 403, message);
}
