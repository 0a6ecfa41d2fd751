import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { CaseFileView, CaseHistoryPage, Permissions, type Actor } from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { CASE_ID, CaseIdPipe } from '../cases/case-id.pipe';
import { Answers, Fails } from '../openapi/answers';
import { CaseFilesService } from './case-files.service';
import { HistoryQueryDto } from './dto';

const NOT_FOUND = 'CASE.NOT_FOUND: no such case, or outside your jurisdiction';

/** A case file (档案) as the staff console reads it, from PostgreSQL alone. */
@ApiTags('cases')
@ApiParam({ name: 'caseId', schema: { type: 'string', pattern: CASE_ID.source } })
@Controller('v1/cases')
export class CaseFilesController {
  constructor(private readonly files: CaseFilesService) {}

  @Get(':caseId/history')
  @RequirePermission(Permissions.caseFilesRead)
  @ApiOperation({
    summary:
      'The case’s history, oldest first: alerts, stage changes, decisions, objections, visits, measure progress, with who acted and when',
  })
  @Answers(200, CaseHistoryPage, 'A page of the history')
  @Fails(400, 'INPUT.INVALID: a malformed caseId, limit or after')
  @Fails(404, NOT_FOUND)
  history(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query() query: HistoryQueryDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<CaseHistoryPage> {
    return this.files.history(actor, caseId, query, request);
  }

  @Get(':caseId/file')
  @RequirePermission(Permissions.caseFilesRead)
  @ApiOperation({
    summary:
      'The case file’s header: household (ID masked), village, stage, who is awaited, measures; for the city bureau the evidence of the determination',
  })
  @Answers(200, CaseFileView, 'The case file')
  @Fails(400, 'INPUT.INVALID: a malformed caseId')
  @Fails(404, NOT_FOUND)
  file(
    @Param('caseId', CaseIdPipe) caseId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<CaseFileView> {
    return this.files.file(actor, caseId, request);
  }
}
