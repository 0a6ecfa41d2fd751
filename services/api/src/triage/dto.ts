import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';

import { SectorBureaus, TriageStatuses } from '@fanpin/contracts';

import { PageLimit } from '../errors/page-limit';

/** Which items of the city's triage a listing shows: each field given must match. */
export class TriageGroupsQueryDto {
  @ApiPropertyOptional({ pattern: '^\\d{9}$', description: 'One township' })
  @IsOptional()
  @Matches(/^\d{9}$/)
  townshipCode?: string;

  @ApiPropertyOptional({ pattern: '^\\d{12}$', description: 'One village' })
  @IsOptional()
  @Matches(/^\d{12}$/)
  villageCode?: string;

  @ApiPropertyOptional({ enum: SectorBureaus, description: 'Items with an alert of this bureau' })
  @IsOptional()
  @IsIn(SectorBureaus)
  bureau?: string;
}

/** A page of the city's triage items. */
export class TriageItemsQueryDto extends TriageGroupsQueryDto {
  @ApiPropertyOptional({ enum: TriageStatuses, default: 'pending' })
  @IsOptional()
  @IsIn(TriageStatuses)
  status?: (typeof TriageStatuses)[number];

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'The `next` of the last page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @PageLimit()
  limit?: number;
}
