import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import { Roles, TaskKinds, type Role, type TaskKind } from '@fanpin/contracts';

import { PageLimit } from '../../errors/page-limit';

export const TaskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];

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

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,300}$/)
  after?: string;
}

/** A task of the inbox: codes only, no personal data. */
export class TaskView {
  @ApiProperty() caseId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty({ enum: TaskKinds }) kind!: TaskKind;
  @ApiProperty({ enum: Roles, description: 'The role that completes it' }) role!: Role;
  @ApiProperty() villageCode!: string;
  @ApiProperty() townshipCode!: string;
  @ApiProperty({ nullable: true, type: String, description: 'ISO instant; null when none' })
  dueAt!: string | null;
  @ApiProperty({
    description:
      'Counted on weekdays only: a year it reaches has no official arrangement (放假调休) yet; recounted when it is entered',
  })
  dueProvisional!: boolean;
  @ApiProperty({ nullable: true, enum: Roles, description: 'Once overdue: the level above' })
  escalatedTo!: Role | null;
  @ApiPropertyOptional({ description: 'Assistance measures: the lead department' })
  department?: string;
  @ApiProperty({ enum: TaskStatuses }) status!: TaskStatus;
  @ApiProperty() openedAt!: string;
}

export class TaskPage {
  @ApiProperty({ type: [TaskView], description: 'Oldest due first; tasks without a due date last' })
  tasks!: TaskView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page' })
  next!: string | null;
}
