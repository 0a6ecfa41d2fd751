import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { Permissions, type Actor } from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { TaskPage, TaskQueryDto } from './dto/task-query.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @RequirePermission(Permissions.tasksRead)
  @ApiOperation({
    summary:
      'Your task inbox (待办): open tasks of your role, and those escalated to it, in your jurisdiction; oldest due first',
  })
  @ApiResponse({ status: 200, type: TaskPage })
  @ApiResponse({ status: 403, description: 'ACCESS.DENIED: your role has no task inbox' })
  list(
    @Query() query: TaskQueryDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<TaskPage> {
    return this.tasks.list(actor, query, request);
  }
}
