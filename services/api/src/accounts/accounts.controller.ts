import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { ErrorCodes, Permissions, type Actor } from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { AccountsService } from './accounts.service';
import { ACCOUNT_ID, AccountDto, CreateAccountDto } from './dto';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/admin/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({ summary: 'Create a staff or integration account (administrators)' })
  @ApiResponse({
    status: 201,
    type: AccountDto,
    description: 'Integration: clientSecret shown once',
  })
  @ApiResponse({ status: 409, description: 'ACCOUNT.EXISTS' })
  @ApiResponse({ status: 422, description: 'ACCOUNT.SCOPE_INVALID' })
  create(
    @Body() dto: CreateAccountDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<AccountDto> {
    return this.accounts.create(dto, actor, request);
  }

  @Get()
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({ summary: 'All accounts (administrators)' })
  list(): Promise<AccountDto[]> {
    return this.accounts.list();
  }

  @Post(':accountId/disable')
  @HttpCode(200)
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({ summary: 'Disable an account at once, its tokens included (administrators)' })
  disable(
    @Param('accountId') accountId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<AccountDto> {
    if (!ACCOUNT_ID.test(accountId)) {
      throw new ApiError(ErrorCodes.inputInvalid, 400, 'accountId is malformed');
    }
    return this.accounts.disable(accountId, actor, request);
  }
}
