import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { SectorBureaus, TriageStatuses } from '@fanpin/contracts';

import { PageAfterNumber, PageLimit } from '../errors/page-limit';
import { OneOf, TownshipCode, VillageCode } from '../errors/query-filters';

/** Which items of the city's triage a listing shows: each field given must match. */
export class TriageGroupsQueryDto {
  @TownshipCode('One township')
  townshipCode?: string;

  @VillageCode('One village')
  villageCode?: string;

  @OneOf(SectorBureaus, 'Items with an alert of this bureau')
  bureau?: string;
}

/** A page of the city's triage items. */
export class TriageItemsQueryDto extends TriageGroupsQueryDto {
  @ApiPropertyOptional({ enum: TriageStatuses, default: 'pending' })
  @IsOptional()
  @IsIn(TriageStatuses)
  status?: (typeof TriageStatuses)[number];

  @PageAfterNumber('The `next` of the last page')
  after?: number;

  @PageLimit()
  limit?: number;
}
