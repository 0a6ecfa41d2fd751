import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import {
  CaseStages,
  TaskKinds,
  TaskStatuses,
  type CaseStage,
  type TaskKind,
  type TaskStatus,
} from '@fanpin/contracts';

import { PageAfter, PageLimit } from '../../errors/page-limit';
import { OneOf, TownshipCode, VillageCode } from '../../errors/query-filters';

/** Filters and paging of the task inbox. */
export class TaskQueryDto {
  @ApiPropertyOptional({ enum: TaskStatuses, default: 'open' })
  @IsOptional()
  @IsIn(TaskStatuses)
  status?: TaskStatus;

  @OneOf(TaskKinds)
  kind?: TaskKind;

  @OneOf(['true', 'false'], 'Only tasks past their due date')
  overdue?: 'true' | 'false';

  @TownshipCode('Only tasks of this township')
  townshipCode?: string;

  @VillageCode('Only tasks of this village')
  villageCode?: string;

  @OneOf(Object.values(CaseStages), 'Only cases at this stage')
  stage?: CaseStage;

  @PageLimit()
  limit?: number;

  @PageAfter()
  after?: string;
}
