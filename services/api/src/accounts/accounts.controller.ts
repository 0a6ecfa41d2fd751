import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  Account,
  AccountList,
  ErrorCodes,
  PasswordReset,
  Permissions,
  type Actor,
} from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { FormPipe } from '../forms/form.pipe';
import { Answers, Fails, Takes } from '../openapi/answers';
import { AccountsService } from './accounts.service';
import { ACCOUNT_ID, CreateAccountDto } from './dto';

@ApiTags('accounts')
@Controller('v1/admin/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({ summary: 'Create a staff or integration account (administrators)' })
  @Answers(201, Account, 'Created; an integration account’s clientSecret is shown this once')
  @Fails(409, 'ACCOUNT.EXISTS: the account id is taken')
  @Fails(
    422,
    'ACCOUNT.SCOPE_INVALID: the division code, org or household key does not fit the role, or a password is missing or not allowed',
  )
  create(
    @Body() dto: CreateAccountDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<Account> {
    return this.accounts.create(dto, actor, request);
  }

  @Get()
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({ summary: 'All accounts (administrators)' })
  @Answers(200, AccountList, 'By account id')
  list(): Promise<AccountList> {
    return this.accounts.list();
  }

  @Post(':accountId/disable')
  @HttpCode(200)
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({ summary: 'Disable an account at once, its tokens included (administrators)' })
  @ApiParam({ name: 'accountId', schema: { type: 'string', pattern: ACCOUNT_ID.source } })
  @Answers(200, Account, 'Disabled (or disabled before)')
  @Fails(404, 'ACCOUNT.NOT_FOUND')
  disable(
    @Param('accountId') accountId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<Account> {
    return this.accounts.disable(wellFormed(accountId), actor, request);
  }

  @Post(':accountId/unlock')
  @HttpCode(200)
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({
    summary: 'Lift a lock of failed sign-ins and clear their count (administrators)',
  })
  @ApiParam({ name: 'accountId', schema: { type: 'string', pattern: ACCOUNT_ID.source } })
  @Answers(200, Account, 'Unlocked (or not locked)')
  @Fails(404, 'ACCOUNT.NOT_FOUND')
  unlock(
    @Param('accountId') accountId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<Account> {
    return this.accounts.unlock(wellFormed(accountId), actor, request);
  }

  @Post(':accountId/password')
  @HttpCode(200)
  @RequirePermission(Permissions.accountsManage)
  @ApiOperation({
    summary: 'Set a staff account’s password, ending its sessions (administrators)',
    description:
      'For a member of staff who forgot the password: the new one follows the rules of a new account (12 to 128 characters). Every session and access token of the account ends at once, on every API instance (audited as account.password-reset). A lock of failed sign-ins stays: lift it with /unlock.',
  })
  @ApiParam({ name: 'accountId', schema: { type: 'string', pattern: ACCOUNT_ID.source } })
  @Takes(PasswordReset)
  @Answers(200, Account, 'Set; the account’s sessions have ended')
  @Fails(400, 'INPUT.INVALID: the new password is missing, too short or too long')
  @Fails(404, 'ACCOUNT.NOT_FOUND')
  @Fails(422, 'ACCOUNT.SCOPE_INVALID: an integration account has no password')
  resetPassword(
    @Param('accountId') accountId: string,
    @Body(new FormPipe(PasswordReset)) form: PasswordReset,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<Account> {
    return this.accounts.resetPassword(wellFormed(accountId), form.newPassword, actor, request);
  }
}

function wellFormed(accountId: string): string {
  if (!ACCOUNT_ID.test(accountId)) {
    throw new ApiError(ErrorCodes.inputInvalid, 400, 'accountId is malformed', [
      { field: 'accountId', rule: 'format', message: 'accountId must be an account id' },
    ]);
  }
  return accountId;
}
