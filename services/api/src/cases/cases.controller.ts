import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  Permissions,
  type Actor,
  type CaseSummary,
  type DeterminationResult,
  type EliminationRollbackResult,
  type ObjectionLodgingResult,
  type TaskBody,
  type TaskCompletionResult,
} from '@fanpin/contracts';

import { Jurisdiction } from '../auth/jurisdiction';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { CaseIdPipe, TaskIdPipe } from './case-id.pipe';
import { CasesService } from './cases.service';
import { DeterminationDto, DeterminationResultDto } from './dto/determination.dto';
import { ObjectionDto } from './dto/objection.dto';
import { RollbackDto } from './dto/rollback.dto';

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
      'Complete a task: identification (village, appraisal, objection review, township), the assistance plan, a measure (or report its progress), a follow-up visit, an elimination step',
    description:
      'The body is the task’s form (see the TaskBody schemas in libs/contracts/src/tasks.ts); the workflow checks it, the role and the jurisdiction. Repeating a completed task returns the first answer.',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
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
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<TaskCompletionResult> {
    return this.cases.completeTask(caseId, taskId, body as unknown as TaskBody, actor, request);
  }

  @Post(':caseId/objections')
  @HttpCode(200)
  @RequirePermission(Permissions.objectionsLodge)
  @ApiOperation({
    summary: 'Record an objection to the public notice (公示异议): it becomes a township review',
  })
  @ApiResponse({ status: 200, description: 'Lodged (or lodged before): its review task' })
  @ApiResponse({ status: 409, description: 'CASE.WRONG_STAGE: no public notice is running' })
  lodgeObjection(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: ObjectionDto,
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
  @ApiResponse({ status: 409, description: 'CASE.WRONG_STAGE: the case is not risk-eliminated' })
  rollBackElimination(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() dto: RollbackDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<EliminationRollbackResult> {
    return this.cases.rollBackElimination(caseId, dto, actor, request);
  }

  @Post(':caseId/tasks/:taskId/determination')
  @RequirePermission(Permissions.casesDetermine)
  @ApiOperation({ summary: "Complete the city bureau's determination task (市级认定)" })
  @ApiResponse({ status: 201, type: DeterminationResultDto })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND (also outside your jurisdiction)' })
  @ApiResponse({
    status: 409,
    description: 'The task is not open, or already completed: nothing changed',
  })
  @ApiResponse({ status: 422, description: 'The decision is not valid: nothing changed' })
  determine(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('taskId', TaskIdPipe) taskId: string,
    @Body() dto: DeterminationDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<DeterminationResult> {
    return this.cases.determine(caseId, taskId, dto, actor, request);
  }
}
