import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { SectorBureaus, type SectorBureau } from '@fanpin/contracts';
import { PageLimit } from '../../errors/page-limit';
import { IsCode } from '../../errors/is-code';

export class HouseholdHeadDto {
  @ApiProperty({ description: 'Name of the head of household (personal data)', maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({
    description: 'Resident ID number, GB 11643-1999 (personal data)',
    example: '11010519491231002X',
  })
  @IsString()
  @Matches(/^\d{17}[\dXx]$/)
  residentId!: string;

  @ApiPropertyOptional({
    description: 'Phone of the head of household (personal data): mobile or landline',
    example: '13800138000',
  })
  @IsOptional()
  @IsString()
  @Length(7, 20)
  phone?: string;
}

/** A risk alert from a sector bureau (行业部门预警). */
export class ReceiveAlertDto {
  @ApiProperty({
    description: "The bureau's own id of the alert; resending it changes nothing",
    example: 'EDU-2026-000123',
  })
  @IsCode()
  alertId!: string;

  @ApiProperty({ enum: SectorBureaus })
  @IsIn(SectorBureaus)
  bureau!: SectorBureau;

  @ApiProperty({ description: '12-digit village code of 临江市', example: '220681001200' })
  @Matches(/^\d{12}$/)
  villageCode!: string;

  @ApiProperty({ type: HouseholdHeadDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => HouseholdHeadDto)
  head!: HouseholdHeadDto;

  @ApiProperty({
    description: 'Screening triggers of plan §4.1 (1–7)',
    type: [Number],
    example: [2, 3],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  triggers!: number[];
}

export class AlertReceiptDto {
  @ApiProperty() alertId!: string;
  @ApiProperty({ description: 'The case the alert belongs to' }) caseId!: string;
  @ApiProperty({ enum: ['dispatched', 'queued', 'duplicate'] })
  status!: 'dispatched' | 'queued' | 'duplicate';
}

export const AlertOutcomes = ['received', 'case-opening', 'open', 'included', 'excluded'] as const;

/** What became of an alert: the feedback a bureau gets (plan §4.2.3). */
export class AlertOutcomeDto {
  @ApiProperty() alertId!: string;
  @ApiProperty() villageCode!: string;
  @ApiProperty({ type: [Number] }) triggers!: number[];
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({
    enum: AlertOutcomes,
    description:
      'received: not yet handed to a case; case-opening: handed over; open: under verification; included / excluded: decided',
  })
  outcome!: (typeof AlertOutcomes)[number];
}

export class AlertListDto {
  @ApiProperty({ type: [AlertOutcomeDto] }) alerts!: AlertOutcomeDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'Pass as `before` for the next page' })
  next!: number | null;
}

export class AlertListQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) before?: number;
  @PageLimit()
  limit?: number;
}
