import {
  SetMetadata,
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiOperation,
  type ApiOperationOptions,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { Roles, RolesWithPermission, type Actor, type Permission } from '@fanpin/contracts';

import { Fails } from '../openapi/answers';

export const PERMISSION = 'fanpin:permission';
export const PUBLIC = 'fanpin:public';
export const RATE_LIMITED = 'fanpin:rate-limited';

/**
 * The permission a route needs. Every route has this or `@Public()`: the API refuses to boot
 * otherwise. The document names the roles that hold it (`x-roles`) and what the guard answers: 401
 * without a valid token, and 403 when some roles lack the permission.
 */
export const RequirePermission = (permission: Permission) => {
  const roles = RolesWithPermission[permission];
  return applyDecorators(
    SetMetadata(PERMISSION, permission),
    ApiBearerAuth('bearer'),
    ApiExtension('x-roles', [...roles]),
    Fails(
      401,
      'AUTH.REQUIRED, AUTH.TOKEN_INVALID, AUTH.TOKEN_EXPIRED, AUTH.SESSION_EXPIRED, AUTH.SESSION_ENDED: no valid access token or console session (or the account is disabled, or signed out)',
    ),
    ...(roles.length < Roles.length
      ? [Fails(403, `ACCESS.DENIED: for the roles ${roles.join(', ')} only`)]
      : []),
  );
};

/**
 * A signed-in route in one line: its method and path (`Get(':id')`), the permission it needs, and
 * what it does for the document (a summary, or the operation's options).
 */
export const Route = (
  method: MethodDecorator,
  permission: Permission,
  operation: string | ApiOperationOptions,
) =>
  applyDecorators(
    ApiOperation(typeof operation === 'string' ? { summary: operation } : operation),
    RequirePermission(permission),
    method,
  );

/** A route anyone may call (health, sign-in): the document gives it no security requirement. */
export const Public = () => SetMetadata(PUBLIC, true);

/** A signed-in route rate-limited per address as the public ones are (a password change). */
export const RateLimitedRoute = () => SetMetadata(RATE_LIMITED, true);

/** The authenticated account of the request (set by the AuthGuard). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor =>
    actorOf(context.switchToHttp().getRequest()),
);

/** Who asks, and the request they ask with: what the audit log records beside an action. */
export interface Caller {
  actor: Actor;
  request: Request;
}

/** The caller of a signed-in route, for a service that audits what it does on their behalf. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
  return { actor: actorOf(request), request };
});

function actorOf(request: { actor?: Actor }): Actor {
  if (!request.actor) throw new Error('no actor: a route without authentication');
  return request.actor;
}
