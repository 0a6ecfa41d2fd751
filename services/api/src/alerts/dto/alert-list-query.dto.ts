import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

import { PageLimit } from '../../errors/page-limit';

/** Paging of a bureau's own alerts, newest first. */
export class AlertListQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'The `next` of the previous page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @PageLimit()
  limit?: number;
}
