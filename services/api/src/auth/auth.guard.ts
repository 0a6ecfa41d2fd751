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
import { CONSOLE_COOKIE, cookieOf, crossSiteProblem, csrfProblem, isUnsafe } from './session';
import type { VerifiedToken } from './tokens';

/** The cookie set at sign-in for the Temporal Web UI's calls to the codec endpoint (path /codec only). */
export const SESSION_COOKIE = 'fanpin_session';

export type AuthedRequest = Request & {
  actor?: Actor;
  correlationId?: string;
  /** How the request signed in, and which token: set by the AuthGuard. */
  session?: SignedIn;
};

/** A request's valid credentials: the account, the token, and how they came. */
export interface SignedIn {
  actor: Actor;
  token: VerifiedToken;
  via: 'bearer' | 'session' | 'codec';
}

/** A refusal of credentials: the answer, and a stable reason for the audit log. */
export class Refusal extends Error {
  constructor(
    readonly error: ApiError,
    readonly reason: string,
    readonly actor?: Actor,
  ) {
    super(reason);
    this.name = 'Refusal';
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.header('authorization');
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  return match?.[1] ?? '';
}

/**
 * The request's credentials, checked: a bearer token (integrations, scripts: no CSRF proof, since no
 * other site can make a browser send that header), else the console's session cookie (a write needs
 * the CSRF proof: session.ts), else on the codec endpoint the cookie of the Temporal Web UI. Returns
 * undefined without credentials; throws a `Refusal` for credentials that do not count.
 */
export async function authenticate(
  accounts: AccountsService,
  request: Request,
  permission: Permission | undefined,
  /**
   * `site`: a write by the session cookie needs only to come from this site, not the CSRF header:
   * for the Temporal Web UI behind the API, whose script cannot add the header and whose token may
   * only read (Temporal's authorizer refuses its writes).
   */
  writeProof: 'csrf-header' | 'site' = 'csrf-header',
): Promise<SignedIn | undefined> {
  const bearer = bearerToken(request);
  // The codec cookie is only for the codec endpoint, which the Temporal Web UI calls with
  // credentials but cannot add a header to: there it comes before the console's cookie, which the
  // browser sends along (path /), and the endpoint checks the caller's origin itself.
  const codecToken =
    bearer === undefined && permission === Permissions.payloadsDecode
      ? cookieOf(request, SESSION_COOKIE)
      : undefined;
  const consoleToken =
    bearer === undefined && codecToken === undefined
      ? cookieOf(request, CONSOLE_COOKIE)
      : undefined;
  const raw = bearer ?? codecToken ?? consoleToken;
  if (raw === undefined) return undefined;
  const via = bearer !== undefined ? 'bearer' : codecToken !== undefined ? 'codec' : 'session';
  let token: VerifiedToken;
  try {
    token = accounts.tokens.verifyToken(raw);
  } catch (error) {
    const refused = error as ApiError;
    if (via === 'session' && refused.code === ErrorCodes.authTokenExpired) {
      throw new Refusal(
        new ApiError(ErrorCodes.authSessionExpired, 401, 'the session has expired: sign in again'),
        'SESSION_EXPIRED',
      );
    }
    throw new Refusal(refused, refused.code ?? 'BAD_TOKEN');
  }
  const actor = token.actor;
  // From memory while account changes are listened to (AccountStatus): no query on the way.
  const standing = await accounts.status.standing(actor.id);
  if (!standing.active) {
    throw new Refusal(
      new ApiError(ErrorCodes.authTokenInvalid, 401, 'the account is disabled'),
      'ACCOUNT_DISABLED',
      actor,
    );
  }
  if (token.epoch !== standing.epoch && token.id !== standing.keeper) {
    throw new Refusal(
      via === 'session'
        ? new ApiError(
            ErrorCodes.authSessionEnded,
            401,
            'the session was ended (signed out, or the password changed): sign in again',
          )
        : new ApiError(ErrorCodes.authTokenInvalid, 401, 'the access token was revoked'),
      'TOKEN_REVOKED',
      actor,
    );
  }
  if (via === 'session') {
    const problem =
      writeProof === 'site'
        ? isUnsafe(request.method)
          ? crossSiteProblem(request)
          : null
        : csrfProblem(request, accounts.csrfKey, token.id);
    if (problem) {
      throw new Refusal(
        new ApiError(
          ErrorCodes.authCsrf,
          403,
          'a change by the session cookie needs the X-CSRF-Token header, from this site',
        ),
        problem,
        actor,
      );
    }
  }
  return { actor, token, via };
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

    let signedIn: SignedIn | undefined;
    try {
      signedIn = await authenticate(this.accounts, request, permission);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      throw await refuse(error.error, error.reason, error.actor);
    }
    if (!signedIn) {
      throw await refuse(
        new ApiError(ErrorCodes.authRequired, 401, 'sign in first: no access token'),
        'NO_TOKEN',
      );
    }
    const actor = signedIn.actor;
    request.actor = actor;
    request.session = signedIn;
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
