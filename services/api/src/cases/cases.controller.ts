import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  ObjectionForm,
  Permissions,
  RollbackForm,
  TaskForm,
  type Actor,
  type CaseSummary,
  type EliminationRollbackResult,
  type ObjectionLodgingResult,
  type TaskCompletionResult,
} from '@fanpin/contracts';

import { Jurisdiction } from '../auth/jurisdiction';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { FormPipe } from '../forms/form.pipe';
import { CaseIdPipe, TaskIdPipe } from './case-id.pipe';
import { CasesService } from './cases.service';

/**
 * A case as staff see and decide it. Reading asks PostgreSQL whether the case is in the caller's
 * jurisdiction; a decision goes straight to the case's workflow, whose Update validator checks the
 * jurisdiction before anything else (CasesService.decide answers its refusal as CASE.NOT_FOUND).
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Get(':caseId')
  @RequirePermission(Permissions.casesRead)
  @ApiOperation({ summary: 'The case as its workflow sees it: stage, open task, alerts' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND (also outside your jurisdiction)' })
  async summary(
    @Param('caseId', CaseIdPipe) caseId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<CaseSummary> {
    await this.jurisdiction.caseInScope(actor, caseId, request);
    return this.cases.summary(caseId);
  }

  @Post(':caseId/tasks/:taskId')
  @HttpCode(200)
  @RequirePermission(Permissions.tasksComplete)
  @ApiOperation({
    summary:
      'Complete a task with its form: identification (village, appraisal, objection review, township), the city’s determination, the assistance plan, a measure (or report its progress), a follow-up visit, an elimination step, a manual national entry',
    description:
      'The body is the task’s form, its `kind` the task’s kind (TaskForm). The form is checked here and again by the case, with the role and the jurisdiction. Repeating a completed task returns the first answer.',
  })
  @ApiBody({ schema: { $ref: '#/components/schemas/TaskForm' } })
  @ApiResponse({ status: 200, description: 'Completed: the stage the case moves to' })
  @ApiResponse({ status: 403, description: 'ACCESS.DENIED: not your task' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND (also outside your jurisdiction)' })
  @ApiResponse({
    status: 409,
    description: 'CASE.TASK_NOT_OPEN, CASE.WRONG_STAGE: nothing changed',
  })
  @ApiResponse({ status: 422, description: 'CASE.DECISION_INVALID: the form is not valid' })
  completeTask(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('taskId', TaskIdPipe) taskId: string,
    @Body(new FormPipe(TaskForm)) body: TaskForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<TaskCompletionResult> {
    return this.cases.completeTask(caseId, taskId, body, actor, request);
  }

  @Post(':caseId/objections')
  @HttpCode(200)
  @RequirePermission(Permissions.objectionsLodge)
  @ApiOperation({
    summary: 'Record an objection to the public notice (公示异议): it becomes a township review',
  })
  @ApiResponse({ status: 200, description: 'Lodged (or lodged before): its review task' })
  @ApiBody({ schema: { $ref: '#/components/schemas/ObjectionForm' } })
  @ApiResponse({ status: 409, description: 'CASE.WRONG_STAGE: no public notice is running' })
  lodgeObjection(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body(new FormPipe(ObjectionForm)) dto: ObjectionForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ObjectionLodgingResult> {
    return this.cases.lodgeObjection(caseId, dto, actor, request);
  }

  @Post(':caseId/elimination-rollback')
  @HttpCode(200)
  @RequirePermission(Permissions.casesDetermine)
  @ApiOperation({
    summary: 'Roll back a risk-eliminated mark (风险消除回退): monitoring and assistance resume',
  })
  @ApiResponse({ status: 200, description: 'Rolled back (or rolled back before with this id)' })
  @ApiBody({ schema: { $ref: '#/components/schemas/RollbackForm' } })
  @ApiResponse({ status: 409, description: 'CASE.WRONG_STAGE: the case is not risk-eliminated' })
  rollBackElimination(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body(new FormPipe(RollbackForm)) dto: RollbackForm,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<EliminationRollbackResult> {
    return this.cases.rollBackElimination(caseId, dto, actor, request);
  }
}
