import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Permissions, type Actor } from '@fanpin/contracts';

import { AccountsService } from '../accounts/accounts.service';
import { ClientTokenDto, LoginDto, TokenDto } from '../accounts/dto';
import { SESSION_COOKIE } from './auth.guard';
import { CurrentActor, Public, RequirePermission } from './permission.decorator';

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
  @ApiResponse({ status: 200, type: TokenDto })
  @ApiResponse({ status: 401, description: 'AUTH.BAD_CREDENTIALS' })
  @ApiResponse({ status: 429, description: 'AUTH.LOCKED: too many failed sign-ins' })
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenDto> {
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
  @ApiResponse({ status: 200, type: TokenDto })
  @ApiResponse({ status: 401, description: 'AUTH.BAD_CREDENTIALS' })
  token(@Body() dto: ClientTokenDto, @Req() request: Request): Promise<TokenDto> {
    return this.accounts.clientToken(dto.clientId, dto.clientSecret, request);
  }

  @Get('me')
  @ApiBearerAuth()
  @RequirePermission(Permissions.self)
  @ApiOperation({ summary: 'The signed-in account: role and scope' })
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
