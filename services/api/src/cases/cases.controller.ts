import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import type { CaseSummary, DeterminationResult } from '@fanpin/contracts';

import { CaseIdPipe, TaskIdPipe } from './case-id.pipe';
import { CasesService } from './cases.service';
import { DeterminationDto, DeterminationResultDto } from './dto/determination.dto';

@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get(':caseId')
  @ApiOperation({ summary: 'The case as its workflow sees it: stage, open task, alerts' })
  summary(@Param('caseId', CaseIdPipe) caseId: string): Promise<CaseSummary> {
    return this.cases.summary(caseId);
  }

  @Post(':caseId/tasks/:taskId/determination')
  @ApiOperation({ summary: "Complete the city bureau's determination task (市级认定)" })
  @ApiResponse({ status: 201, type: DeterminationResultDto })
  @ApiResponse({
    status: 409,
    description: 'The task is not open, or already completed: nothing changed',
  })
  @ApiResponse({ status: 422, description: 'The decision is not valid: nothing changed' })
  determine(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('taskId', TaskIdPipe) taskId: string,
    @Body() dto: DeterminationDto,
  ): Promise<DeterminationResult> {
    return this.cases.determine(caseId, taskId, dto);
  }
}
