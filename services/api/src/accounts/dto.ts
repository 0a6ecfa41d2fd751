import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

import { HouseholdKeyPattern, Roles, type Actor, type Role } from '@fanpin/contracts';

export const ACCOUNT_ID = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export class LoginDto {
  @ApiProperty({ description: 'Account code', example: 'admin' })
  @Matches(ACCOUNT_ID)
  accountId!: string;

  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsString()
  @Length(1, 128)
  password!: string;
}

export class ClientTokenDto {
  @ApiProperty({ description: 'Integration client id', example: 'bureau-health' })
  @Matches(ACCOUNT_ID)
  clientId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  clientSecret!: string;
}

export class TokenDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty() actor!: Actor;
}

export class CreateAccountDto {
  @ApiProperty({
    description: 'Account code (not a person’s name)',
    example: 'cadre-220681100201-1',
  })
  @Matches(ACCOUNT_ID)
  accountId!: string;

  @ApiProperty({ enum: ['staff', 'integration'] })
  @IsIn(['staff', 'integration'])
  kind!: 'staff' | 'integration';

  @ApiProperty({ enum: Roles })
  @IsIn(Roles)
  role!: Role;

  @ApiPropertyOptional({ description: 'Division code of the scope: 12, 9 or 6 digits by role' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/)
  divisionCode?: string;

  @ApiPropertyOptional({ description: 'Sector bureau or department, for those roles' })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{1,40}$/)
  org?: string;

  @ApiPropertyOptional({ description: 'The household key, for a household account' })
  @IsOptional()
  @Matches(HouseholdKeyPattern)
  householdKey?: string;

  @ApiPropertyOptional({ description: 'Staff accounts: 12 to 128 characters', minLength: 12 })
  @IsOptional()
  @IsString()
  @Length(12, 128)
  password?: string;
}

export class AccountDto {
  @ApiProperty() accountId!: string;
  @ApiProperty() kind!: 'staff' | 'integration';
  @ApiProperty({ enum: Roles }) role!: Role;
  @ApiProperty({ nullable: true, type: String }) divisionCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) org!: string | null;
  @ApiProperty({ nullable: true, type: String }) householdKey!: string | null;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'Integration accounts only, shown once at creation' })
  clientSecret?: string;
}
