import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import {
  Permissions,
  type Actor,
  type CaseSummary,
  type DeterminationResult,
} from '@fanpin/contracts';

import { Jurisdiction } from '../auth/jurisdiction';
import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { CaseIdPipe, TaskIdPipe } from './case-id.pipe';
import { CasesService } from './cases.service';
import { DeterminationDto, DeterminationResultDto } from './dto/determination.dto';

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
    await this.jurisdiction.caseHousehold(actor, caseId, request);
    return this.cases.summary(caseId);
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
  async determine(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('taskId', TaskIdPipe) taskId: string,
    @Body() dto: DeterminationDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<DeterminationResult> {
    await this.jurisdiction.caseHousehold(actor, caseId, request);
    return this.cases.determine(caseId, taskId, dto, actor, request);
  }
}
