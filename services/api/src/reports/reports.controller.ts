import { Get, Param, Query, Res, applyDecorators } from '@nestjs/common';
import { ApiParam, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';

import {
  CodePattern,
  Permissions,
  ReportKinds,
  ReportList,
  ReportMediaTypes,
  type Actor,
  type ReportKind,
} from '@fanpin/contracts';

import { Caller, CurrentActor, Route } from '../auth/permission.decorator';
import { IsCode } from '../errors/is-code';
import { PageLimit } from '../errors/page-limit';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { AnswersFile, sendAttachment } from '../routes/attachment';
import { ReportsService, type ReportFormat } from './reports.service';

export class ReportQuery {
  @ApiPropertyOptional({ enum: ReportKinds })
  @IsOptional()
  @IsIn(ReportKinds)
  kind?: ReportKind;

  @ApiPropertyOptional({
    description: 'A township code, a sector bureau, or the city code',
    pattern: CodePattern.source,
  })
  @IsOptional()
  @IsCode()
  scope?: string;

  @PageLimit()
  limit?: number;
}

/** What each of a report's file routes does. */
const ReportFiles: Record<ReportFormat, string> = {
  xlsx: 'The report as an Excel workbook (charts in the yearly judgement)',
  csv: 'The report as one CSV table, UTF-8 with a byte-order mark',
};

/** A report's file route: it answers the file, or no such report (or none of yours). */
const ReportFile = (format: ReportFormat) =>
  applyDecorators(
    ApiParam({ name: 'reportId', schema: { type: 'string', format: 'uuid' } }),
    AnswersFile(format, ReportMediaTypes[format]),
    Fails(404, 'REPORT.NOT_FOUND (also one you may not read)'),
    Route(Get(`:reportId/${format}`), Permissions.reportsRead, ReportFiles[format]),
  );

/**
 * The periodic reports the Schedules produce: half-monthly reports of each township, the data
 * exchange with each sector bureau, the yearly scale-risk judgement. Each downloads as an Excel
 * workbook or a CSV file (UTF-8 with a byte-order mark), rendered for the reader.
 */
@ApiController('reports', 'v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Route(Get(), Permissions.reportsRead, 'The reports you may read, newest period first')
  @Answers(200, ReportList, 'Newest period first')
  list(@Query() query: ReportQuery, @CurrentActor() actor: Actor): Promise<ReportList> {
    return this.reports.list(actor, {
      kind: query.kind,
      scope: query.scope,
      limit: query.limit ?? 100,
    });
  }

  @ReportFile('xlsx')
  xlsx(@Param('reportId') id: string, @Caller() by: Caller, @Res() res: Response): Promise<void> {
    return this.send('xlsx', id, by, res);
  }

  @ReportFile('csv')
  csv(@Param('reportId') id: string, @Caller() by: Caller, @Res() res: Response): Promise<void> {
    return this.send('csv', id, by, res);
  }

  private async send(
    format: ReportFormat,
    reportId: string,
    { actor, request }: Caller,
    response: Response,
  ): Promise<void> {
    const file = await this.reports.file(actor, reportId, format, request);
    sendAttachment(response, {
      body: file.body,
      contentType: file.contentType,
      fileName: `report.${format}`,
      localName: file.fileName,
    });
  }
}
