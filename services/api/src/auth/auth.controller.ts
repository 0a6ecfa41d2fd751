import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Actor, Permissions, Token } from '@fanpin/contracts';

import { AccountsService } from '../accounts/accounts.service';
import { ClientTokenDto, LoginDto } from '../accounts/dto';
import { Answers, Fails } from '../openapi/answers';
import { API_CONFIG, type ApiConfig } from '../settings';
import { SESSION_COOKIE } from './auth.guard';
import { CurrentActor, Public, RequirePermission } from './permission.decorator';
import { SignInService } from './sign-in.service';

const BAD_CREDENTIALS = 'AUTH.BAD_CREDENTIALS: the account or the secret is wrong';
const RATE_LIMITED =
  'RATE.LIMITED: too many requests, or failed sign-ins, from this address; see Retry-After';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly signIn: SignInService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Staff sign-in: a short-lived access token (also set as a cookie for /codec)',
  })
  @Answers(200, Token, 'Signed in')
  @Fails(
    401,
    'AUTH.BAD_CREDENTIALS: the account is unknown, disabled or locked after failed sign-ins, or the password is wrong (the same answer for each)',
  )
  @Fails(429, RATE_LIMITED)
  @Fails(429, 'AUTH.BUSY: sign-in is busy; see Retry-After')
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Token> {
    const token = await this.signIn.login(dto.accountId, dto.password, request);
    // For the Temporal Web UI's codec calls, which send credentials but cannot add a header.
    response.cookie(SESSION_COOKIE, token.accessToken, {
      httpOnly: true,
      sameSite: 'strict',
      // Plain HTTP only on a developer's machine: anywhere else the API is reached over TLS.
      secure: this.config.NODE_ENV !== 'development',
      path: '/codec',
      maxAge: token.expiresIn * 1000,
    });
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

  @Get('me')
  @RequirePermission(Permissions.self)
  @ApiOperation({ summary: 'The signed-in account: role and scope' })
  @Answers(200, Actor, 'The account of the token')
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
