import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { DeclarationChannels, type DeclarationChannel } from '@fanpin/contracts';

import { HouseholdHeadDto } from '../alerts/dto/receive-alert.dto';
import { IsCode } from '../errors/is-code';

/** A household's own declaration (自主申报), through the app, the 12317 hotline or on paper. */
export class DeclarationDto {
  @ApiProperty({
    description: 'Chosen by the caller; the same id again changes nothing',
    example: 'DEC-2026-0001',
  })
  @IsCode()
  declarationId!: string;

  @ApiProperty({
    enum: DeclarationChannels,
    description: 'app: the household itself; hotline-12317 and written-form: recorded by staff',
  })
  @IsIn(DeclarationChannels)
  channel!: DeclarationChannel;

  @ApiProperty({ description: '12-digit village code of 临江市', example: '220681001200' })
  @Matches(/^\d{12}$/)
  villageCode!: string;

  @ApiProperty({ type: HouseholdHeadDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => HouseholdHeadDto)
  head!: HouseholdHeadDto;

  @ApiPropertyOptional({
    description: 'Triggers of plan §4.1 (1–7) the household names, if any',
    type: [Number],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  triggers?: number[];
}

/** A cadre's screening (干部排查): the home visit's figures, and whether the cadre reports it. */
export class ScreeningDto {
  @ApiProperty({
    description: 'Chosen by the cadre; the same id again changes nothing',
    example: 'SCR-2026-0001',
  })
  @IsCode()
  screeningId!: string;

  @ApiProperty({ example: '220681001200' })
  @Matches(/^\d{12}$/)
  villageCode!: string;

  @ApiProperty({ type: HouseholdHeadDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => HouseholdHeadDto)
  head!: HouseholdHeadDto;

  @ApiProperty({
    description:
      'The figures of the visit (see ScreeningFigures in libs/domain/src/screening): householdSize, incomePerCapita, lastYearIncomePerCapita, rigidExpenses, assurances, labourCapacity, liftedOutOfPoverty, events',
  })
  @IsDefined()
  @IsObject()
  figures!: Record<string, unknown>;

  @ApiProperty({
    enum: ['report', 'no-risk'],
    description:
      'The cadre decides: report opens (or joins) the household case; the rules only suggest',
  })
  @IsIn(['report', 'no-risk'])
  decision!: 'report' | 'no-risk';
}
