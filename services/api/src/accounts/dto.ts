import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

import {
  AccountKinds,
  HouseholdKeyPattern,
  Roles,
  type AccountKind,
  type Role,
} from '@fanpin/contracts';

/**
 * An account id: a login code of 3 to 64 characters, lower-case letters, digits and `._-`, starting
 * with a letter or digit. Never a person's name or number: it reaches logs and the audit log.
 */
export const ACCOUNT_ID = /^[a-z0-9][a-z0-9._-]{2,63}$/;

const accountId = (description: string, example: string) =>
  applyDecorators(
    Matches(ACCOUNT_ID),
    ApiProperty({ description, example, pattern: ACCOUNT_ID.source }),
  );

/** A password or client secret as sign-in takes it: checked against the account, not its rules. */
const secret = () =>
  applyDecorators(
    MaxLength(128),
    MinLength(1),
    IsString(),
    ApiProperty({ minLength: 1, maxLength: 128 }),
  );

@ApiSchema({ name: 'SignInForm', description: 'Staff sign-in' })
export class LoginDto {
  @accountId('Account code', 'admin')
  accountId!: string;

  @secret()
  password!: string;
}

@ApiSchema({ name: 'ClientCredentialsForm', description: 'A sector bureau system’s sign-in' })
export class ClientTokenDto {
  @accountId('Integration client id', 'bureau-health')
  clientId!: string;

  @secret()
  clientSecret!: string;
}

@ApiSchema({ name: 'AccountForm', description: 'A new staff or integration account' })
export class CreateAccountDto {
  @accountId('Account code (not a person’s name)', 'cadre-220681100201-1')
  accountId!: string;

  @ApiProperty({ enum: AccountKinds })
  @IsIn(AccountKinds)
  kind!: AccountKind;

  @ApiProperty({ enum: Roles })
  @IsIn(Roles)
  role!: Role;

  @ApiPropertyOptional({
    description:
      'Division code of the scope: 12 digits (village cadre, village committee), 9 (township officer), 6 (city bureau, sector bureau, lead department); none for household, supervisor, administrator (GET /v1/divisions lists them)',
    pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$',
  })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/)
  divisionCode?: string;

  @ApiPropertyOptional({
    description:
      'The sector bureau (sector-bureau) or department (lead-department); none otherwise',
    pattern: '^[a-z][a-z-]{1,40}$',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{1,40}$/)
  org?: string;

  @ApiPropertyOptional({
    description: 'The household key, for a household account',
    pattern: HouseholdKeyPattern.source,
  })
  @IsOptional()
  @Matches(HouseholdKeyPattern)
  householdKey?: string;

  @ApiPropertyOptional({
    description: 'Staff accounts: 12 to 128 characters; integration accounts take none',
    minLength: 12,
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password?: string;
}
