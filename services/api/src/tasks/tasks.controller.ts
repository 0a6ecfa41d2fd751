import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { Permissions, TaskPage, type Actor } from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { Answers, Fails } from '../openapi/answers';
import { TaskQueryDto } from './dto/task-query.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @RequirePermission(Permissions.tasksRead)
  @ApiOperation({
    summary:
      'Your task inbox (待办): open tasks of your role, and those escalated to it, in your jurisdiction; oldest due first',
  })
  @Answers(200, TaskPage, 'A page of tasks, with the next report cut-off')
  @Fails(403, 'ACCESS.DENIED: your account has no task inbox (no scope of its level)')
  list(
    @Query() query: TaskQueryDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<TaskPage> {
    return this.tasks.list(actor, query, request);
  }
}
