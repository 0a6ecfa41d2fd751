import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import {
  CaseStages,
  TaskKinds,
  TaskStatuses,
  type CaseStage,
  type TaskKind,
  type TaskStatus,
} from '@fanpin/contracts';

import { PageLimit } from '../../errors/page-limit';

/** Filters and paging of the task inbox. */
export class TaskQueryDto {
  @ApiPropertyOptional({ enum: TaskStatuses, default: 'open' })
  @IsOptional()
  @IsIn(TaskStatuses)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TaskKinds })
  @IsOptional()
  @IsIn(TaskKinds)
  kind?: TaskKind;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only tasks past their due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ pattern: '^\\d{9}$', description: 'Only tasks of this township' })
  @IsOptional()
  @Matches(/^\d{9}$/)
  townshipCode?: string;

  @ApiPropertyOptional({ pattern: '^\\d{12}$', description: 'Only tasks of this village' })
  @IsOptional()
  @Matches(/^\d{12}$/)
  villageCode?: string;

  @ApiPropertyOptional({ enum: Object.values(CaseStages), description: 'Only cases at this stage' })
  @IsOptional()
  @IsIn(Object.values(CaseStages))
  stage?: CaseStage;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({
    description: 'The `next` of the previous page',
    pattern: '^[A-Za-z0-9_-]{1,300}$',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,300}$/)
  after?: string;
}
