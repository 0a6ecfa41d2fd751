import { Body, Get, HttpCode, Inject, Post, Req, Res, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import {
  ErrorCodes,
  Me,
  PasswordChange,
  Permissions,
  Session,
  Token,
  type Actor,
} from '@fanpin/contracts';

import { AccountsService } from '../accounts/accounts.service';
import { ClientTokenDto, LoginDto } from '../accounts/dto';
import { AuditKinds, AuditLog } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { API_CONFIG, type ApiConfig } from '../settings';
import { Refusal, SESSION_COOKIE, authenticate, type AuthedRequest } from './auth.guard';
import { CurrentActor, Public, RateLimitedRoute, Route } from './permission.decorator';
import {
  CONSOLE_COOKIE,
  COOKIE_GRACE_SECONDS,
  CSRF_COOKIE,
  consoleCookieOptions,
  crossSiteProblem,
  csrfTokenOf,
} from './session';
import { SignInService } from './sign-in.service';

const BAD_CREDENTIALS = 'AUTH.BAD_CREDENTIALS: the account or the secret is wrong';
const RATE_LIMITED =
  'RATE.LIMITED: too many requests, or failed sign-ins, from this address; see Retry-After';

/** A staff sign-in with a password: the same checks, locks and limits whatever it answers. */
const PasswordSignIn = () =>
  applyDecorators(
    Fails(429, 'AUTH.BUSY: sign-in is busy; see Retry-After'),
    Fails(429, RATE_LIMITED),
    Fails(
      401,
      'AUTH.BAD_CREDENTIALS: the account is unknown, disabled or locked after failed sign-ins, or the password is wrong (the same answer for each)',
    ),
    HttpCode(200),
    Public(),
  );

@ApiController('auth', 'v1/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly signIn: SignInService,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Plain HTTP only on a developer's machine: anywhere else the API is reached over TLS. */
  private get secure(): boolean {
    return this.config.NODE_ENV !== 'development';
  }

  /** For the Temporal Web UI's codec calls, which send credentials but cannot add a header. */
  private codecCookie(response: Response, token: string, expiresIn: number): void {
    response.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secure,
      path: '/codec',
      maxAge: expiresIn * 1000,
    });
  }

  @Post('login')
  @PasswordSignIn()
  @ApiOperation({
    summary: 'Staff sign-in: a short-lived access token (also set as a cookie for /codec)',
  })
  @Answers(200, Token, 'Signed in')
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Token> {
    const token = await this.signIn.login(dto.accountId, dto.password, request);
    this.codecCookie(response, token.accessToken, token.expiresIn);
    return token;
  }

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Integration sign-in (client credentials of a sector bureau)' })
  @Answers(200, Token, 'Signed in')
  @Fails(401, BAD_CREDENTIALS)
  @Fails(429, RATE_LIMITED)
  token(@Body() dto: ClientTokenDto, @Req() request: Request): Promise<Token> {
    return this.accounts.clientToken(dto.clientId, dto.clientSecret, request);
  }

  @Post('session')
  @PasswordSignIn()
  @ApiOperation({
    summary: 'Staff sign-in for the web console: a session cookie instead of a token to keep',
    description: `Signs in as \`POST /v1/auth/login\` does (same checks, locks and limits) and sets the session in cookies rather than answering a token: \`${CONSOLE_COOKIE}\` (HttpOnly, SameSite=Strict, Secure, path /: the access token, sent with every request) and \`${CSRF_COOKIE}\` (readable by the page: its value goes as the \`X-CSRF-Token\` header with every POST, PUT, PATCH and DELETE), and \`${SESSION_COOKIE}\` for the Temporal Web UI's calls to /codec as sign-in sets it. The first two outlive the session by 12 hours, so that a request of an expired session answers 401 AUTH.SESSION_EXPIRED. Refused from another site.`,
  })
  @Answers(200, Session, 'Signed in: the session is in the cookies')
  @Fails(403, 'AUTH.CSRF: sent from another site')
  async session(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Session> {
    if (crossSiteProblem(request)) {
      // A login CSRF: another site signing the browser in as someone else.
      throw new ApiError(ErrorCodes.authCsrf, 403, 'sign in from this site');
    }
    const { issued, view } = await this.signIn.signIn(dto.accountId, dto.password, request);
    const csrfToken = csrfTokenOf(this.accounts.csrfKey, issued.id);
    const maxAge = issued.expiresIn + COOKIE_GRACE_SECONDS;
    response.cookie(CONSOLE_COOKIE, issued.token, consoleCookieOptions(this.secure, maxAge, true));
    response.cookie(CSRF_COOKIE, csrfToken, consoleCookieOptions(this.secure, maxAge, false));
    this.codecCookie(response, issued.token, issued.expiresIn);
    return {
      actor: view.actor,
      expiresAt: issued.expiresAt.toISOString(),
      expiresIn: issued.expiresIn,
      csrfToken,
      ...(view.lockedAt ? { lockedAt: view.lockedAt } : {}),
    };
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: ends every session and token of the account, and clears the cookies',
    description:
      'With a valid bearer token or console session (its X-CSRF-Token too), every access token and console session of the account ends at once, on every API instance (audited). Without valid credentials (none, or a session already expired) it only clears the cookies: signing out always succeeds.',
  })
  @ApiHeader({ name: 'X-CSRF-Token', required: false, description: 'Signed in by the cookie' })
  @ApiResponse({ status: 204, description: 'Signed out: the cookies are cleared' })
  @Fails(403, 'AUTH.CSRF: a console session without its X-CSRF-Token, or from another site')
  async logout(
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    let signedIn;
    try {
      signedIn = await authenticate(this.accounts, request, undefined);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      // A forged sign-out must not sign anyone out; a session already over has nothing left to end.
      if (error.error.code === ErrorCodes.authCsrf) {
        await this.audit.recordQuietly(
          {
            kind: AuditKinds.accessRefused,
            outcome: 'refused',
            actor: error.actor ?? null,
            reason: error.reason,
          },
          request,
        );
        throw error.error;
      }
    }
    if (signedIn) {
      await this.accounts.endSessions(signedIn.actor.id, null);
      await this.audit.record(
        { kind: AuditKinds.logout, outcome: 'ok', actor: signedIn.actor, reason: signedIn.via },
        request,
      );
    }
    for (const [name, path] of [
      [CONSOLE_COOKIE, '/'],
      [CSRF_COOKIE, '/'],
      [SESSION_COOKIE, '/codec'],
    ] as const) {
      response.clearCookie(name, {
        httpOnly: name !== CSRF_COOKIE,
        sameSite: 'strict',
        secure: this.secure,
        path,
      });
    }
  }

  @Route(Post('password'), Permissions.self, {
    summary: 'Change one’s own password (staff accounts)',
    description:
      'The current password is checked as at sign-in: a wrong one counts towards the lock of the account and the limit of the address. Every other session and access token of the account ends (audited); the one that made the change stays signed in.',
  })
  @RateLimitedRoute()
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Changed' })
  @Fails(403, 'AUTH.BAD_CREDENTIALS: the current password is wrong, or the account is locked')
  @Fails(403, 'ACCESS.DENIED: an integration account has no password')
  @Fails(429, RATE_LIMITED)
  @Fails(429, 'AUTH.BUSY: busy; see Retry-After')
  async password(
    @Form(PasswordChange) form: PasswordChange,
    @CurrentActor() actor: Actor,
    @Req() request: AuthedRequest,
  ): Promise<void> {
    const keep = request.session?.token.id || null;
    await this.signIn.changePassword(actor, keep, form.currentPassword, form.newPassword, request);
  }

  @Route(Get('me'), Permissions.self, {
    summary: 'The signed-in account: role, scope, and when the token or session ends',
    description:
      'The console calls it at start: 401 (AUTH.REQUIRED, AUTH.SESSION_EXPIRED, AUTH.SESSION_ENDED) means sign in.',
  })
  @Answers(200, Me, 'The account of the token or session')
  me(@CurrentActor() actor: Actor, @Req() request: AuthedRequest): Me {
    const session = request.session;
    const expiresAt = (session?.token.expiresAt ?? new Date()).toISOString();
    const bySession = session?.via === 'session';
    return {
      ...actor,
      authenticatedBy: bySession ? 'session' : 'bearer',
      expiresAt,
      ...(bySession && session
        ? { csrfToken: csrfTokenOf(this.accounts.csrfKey, session.token.id) }
        : {}),
    };
  }
}
