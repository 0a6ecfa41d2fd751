import { Get, Query } from '@nestjs/common';

import { Permissions, TaskPage } from '@fanpin/contracts';

import { Caller, Route } from '../auth/permission.decorator';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { TaskQueryDto } from './dto/task-query.dto';
import { TasksService } from './tasks.service';

@ApiController('tasks', 'v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Route(Get(), Permissions.tasksRead, {
    summary:
      'Your task inbox (待办): open tasks of your role, and those escalated to it, in your jurisdiction; oldest due first',
  })
  @Answers(200, TaskPage, 'A page of tasks, with the next report cut-off')
  @Fails(403, 'ACCESS.DENIED: your account has no task inbox (no scope of its level)')
  list(@Query() query: TaskQueryDto, @Caller() { actor, request }: Caller): Promise<TaskPage> {
    return this.tasks.list(actor, query, request);
  }
}
