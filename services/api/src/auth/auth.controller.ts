import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Actor, Permissions, Token } from '@fanpin/contracts';

import { AccountsService } from '../accounts/accounts.service';
import { ClientTokenDto, LoginDto } from '../accounts/dto';
import { Answers, Fails } from '../openapi/answers';
import { SESSION_COOKIE } from './auth.guard';
import { CurrentActor, Public, RequirePermission } from './permission.decorator';

const BAD_CREDENTIALS = 'AUTH.BAD_CREDENTIALS: the account or the secret is wrong';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Staff sign-in: a short-lived access token (also set as a cookie for /codec)',
  })
  @Answers(200, Token, 'Signed in')
  @Fails(401, BAD_CREDENTIALS)
  @Fails(429, 'AUTH.LOCKED: too many failed sign-ins; try again later')
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Token> {
    const token = await this.accounts.login(dto.accountId, dto.password, request);
    // For the Temporal Web UI's codec calls, which send credentials but cannot add a header.
    response.cookie(SESSION_COOKIE, token.accessToken, {
      httpOnly: true,
      sameSite: 'strict',
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
