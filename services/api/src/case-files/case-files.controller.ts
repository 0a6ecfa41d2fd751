import { Get, Query, applyDecorators } from '@nestjs/common';

import { CaseFileView, CaseHistoryPage, Permissions } from '@fanpin/contracts';

import { Caller } from '../auth/permission.decorator';
import { Case } from '../cases/case-routes';
import { Answers, Fails } from '../openapi/answers';
import { CaseFilesService } from './case-files.service';
import { HistoryQueryDto } from './dto';

/** A part of the case file: refused as no such case outside one's jurisdiction. */
const FilePart = (path: string, summary: string, malformed: string) =>
  applyDecorators(
    Fails(400, `INPUT.INVALID: a malformed ${malformed}`),
    Case.Route(Get(`:caseId/${path}`), Permissions.caseFilesRead, summary),
  );

/** A case file (档案) as the staff console reads it, from PostgreSQL alone. */
@Case.Controller('cases', 'v1/cases')
export class CaseFilesController {
  constructor(private readonly files: CaseFilesService) {}

  @FilePart(
    'history',
    'The case’s history, oldest first: alerts, stage changes, decisions, objections, visits, measure progress, with who acted and when',
    'caseId, limit or after',
  )
  @Answers(200, CaseHistoryPage, 'A page of the history')
  history(
    @Case.Param() caseId: string,
    @Query() query: HistoryQueryDto,
    @Caller() { actor, request }: Caller,
  ): Promise<CaseHistoryPage> {
    return this.files.history(actor, caseId, query, request);
  }

  @FilePart(
    'file',
    'The case file’s header: household (ID masked), village, stage, who is awaited, measures; for the city bureau the evidence of the determination',
    'caseId',
  )
  @Answers(200, CaseFileView, 'The case file')
  file(@Case.Param() caseId: string, @Caller() { actor, request }: Caller): Promise<CaseFileView> {
    return this.files.file(actor, caseId, request);
  }
}
