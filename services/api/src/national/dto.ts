import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

import { PageLimit } from '../errors/page-limit';

/** The scope of an imported export: one township, or (left out) the whole county. */
export class ImportQueryDto {
  @ApiPropertyOptional({
    pattern: '^\\d{9}$',
    description:
      'The township the export covers: only its households are compared (left out: the county)',
  })
  @IsOptional()
  @Matches(/^\d{9}$/)
  townshipCode?: string;
}

/** A page of a reconciliation's differences. */
export class DifferencesQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'The `next` of the previous page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @PageLimit()
  limit?: number;
}
