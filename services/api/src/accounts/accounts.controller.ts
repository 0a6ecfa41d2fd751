import { Body, Get, HttpCode, Param, Post, applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

import { Account, AccountList, PasswordReset, Permissions } from '@fanpin/contracts';

import { Caller, Route } from '../auth/permission.decorator';
import { invalidField } from '../errors/api-error';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { AccountsService } from './accounts.service';
import { ACCOUNT_ID, CreateAccountDto } from './dto';

/** What an administrator does to an account, each a POST on it: what it does, what it answers. */
const AccountActions = {
  disable: {
    summary: 'Disable an account at once, its tokens included (administrators)',
    answer: 'Disabled (or disabled before)',
  },
  unlock: {
    summary: 'Lift a lock of failed sign-ins and clear their count (administrators)',
    answer: 'Unlocked (or not locked)',
  },
  password: {
    summary: 'Set a staff account’s password, ending its sessions (administrators)',
    description:
      'For a member of staff who forgot the password: the new one follows the rules of a new account (12 to 128 characters). Every session and access token of the account ends at once, on every API instance (audited as account.password-reset). A lock of failed sign-ins stays: lift it with /unlock.',
    answer: 'Set; the account’s sessions have ended',
  },
};

/** The route of an action on an account: answered 200 with the account, or 404. */
const OnAccount = (action: keyof typeof AccountActions) => {
  const { answer, ...operation } = AccountActions[action];
  return applyDecorators(
    Fails(404, 'ACCOUNT.NOT_FOUND'),
    Answers(200, Account, answer),
    ApiParam({ name: 'accountId', schema: { type: 'string', pattern: ACCOUNT_ID.source } }),
    Route(Post(`:accountId/${action}`), Permissions.accountsManage, operation),
    HttpCode(200),
  );
};

@ApiController('accounts', 'v1/admin/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Route(Post(), Permissions.accountsManage, {
    summary: 'Create a staff or integration account (administrators)',
  })
  @Answers(201, Account, 'Created; an integration account’s clientSecret is shown this once')
  @Fails(409, 'ACCOUNT.EXISTS: the account id is taken')
  @Fails(
    422,
    'ACCOUNT.SCOPE_INVALID: the division code, org or household key does not fit the role, or a password is missing or not allowed',
  )
  create(@Body() dto: CreateAccountDto, @Caller() caller: Caller): Promise<Account> {
    return this.accounts.create(dto, caller.actor, caller.request);
  }

  @Route(Get(), Permissions.accountsManage, 'All accounts (administrators)')
  @Answers(200, AccountList, 'By account id')
  list(): Promise<AccountList> {
    return this.accounts.list();
  }

  @OnAccount('disable')
  disable(@Param('accountId') accountId: string, @Caller() caller: Caller): Promise<Account> {
    return this.accounts.disable(wellFormed(accountId), caller.actor, caller.request);
  }

  @OnAccount('unlock')
  unlock(@Param('accountId') accountId: string, @Caller() caller: Caller): Promise<Account> {
    return this.accounts.unlock(wellFormed(accountId), caller.actor, caller.request);
  }

  @OnAccount('password')
  @Fails(400, 'INPUT.INVALID: the new password is missing, too short or too long')
  @Fails(422, 'ACCOUNT.SCOPE_INVALID: an integration account has no password')
  resetPassword(
    @Param('accountId') accountId: string,
    @Form(PasswordReset) form: PasswordReset,
    @Caller() { actor, request }: Caller,
  ): Promise<Account> {
    return this.accounts.resetPassword(wellFormed(accountId), form.newPassword, actor, request);
  }
}

function wellFormed(accountId: string): string {
  if (!ACCOUNT_ID.test(accountId)) {
    throw invalidField('accountId', 'accountId must be an account id');
  }
  return accountId;
}
