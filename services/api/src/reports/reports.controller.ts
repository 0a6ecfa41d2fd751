import { Controller, Get, Param, Query, Req, Res, applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Request, Response } from 'express';

import {
  CodePattern,
  Permissions,
  ReportKinds,
  ReportList,
  ReportMediaTypes,
  type Actor,
  type ReportKind,
} from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { IsCode } from '../errors/is-code';
import { PageLimit } from '../errors/page-limit';
import { Answers, Fails } from '../openapi/answers';
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

/** What a report's file route answers: the file, or no such report (or none of yours). */
const ReportFile = (format: ReportFormat, description: string) =>
  applyDecorators(
    ApiParam({ name: 'reportId', schema: { type: 'string', format: 'uuid' } }),
    ApiResponse({
      status: 200,
      description: `${description}, as an attachment`,
      content: {
        [ReportMediaTypes[format]]: {
          // OpenAPI 3.1 says a file's type with contentMediaType, which Nest's types do not know.
          schema: { type: 'string', contentMediaType: ReportMediaTypes[format] } as SchemaObject,
        },
      },
    }),
    Fails(404, 'REPORT.NOT_FOUND (also one you may not read)'),
  );

/**
 * The periodic reports the Schedules produce: half-monthly reports of each township, the data
 * exchange with each sector bureau, the yearly scale-risk judgement. Each downloads as an Excel
 * workbook or a CSV file (UTF-8 with a byte-order mark), rendered for the reader.
 */
@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @RequirePermission(Permissions.reportsRead)
  @ApiOperation({ summary: 'The reports you may read, newest period first' })
  @Answers(200, ReportList, 'Newest period first')
  list(@Query() query: ReportQuery, @CurrentActor() actor: Actor): Promise<ReportList> {
    return this.reports.list(actor, {
      kind: query.kind,
      scope: query.scope,
      limit: query.limit ?? 100,
    });
  }

  @Get(':reportId/xlsx')
  @RequirePermission(Permissions.reportsRead)
  @ApiOperation({ summary: 'The report as an Excel workbook (charts in the yearly judgement)' })
  @ReportFile('xlsx', 'An Excel workbook (Office Open XML)')
  xlsx(
    @Param('reportId') reportId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.send('xlsx', reportId, actor, request, response);
  }

  @Get(':reportId/csv')
  @RequirePermission(Permissions.reportsRead)
  @ApiOperation({ summary: 'The report as one CSV table, UTF-8 with a byte-order mark' })
  @ReportFile('csv', 'One CSV table, UTF-8 with a byte-order mark')
  csv(
    @Param('reportId') reportId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.send('csv', reportId, actor, request, response);
  }

  private async send(
    format: ReportFormat,
    reportId: string,
    actor: Actor,
    request: Request,
    response: Response,
  ): Promise<void> {
    const file = await this.reports.file(actor, reportId, format, request);
    response
      .status(200)
      .setHeader('Content-Type', file.contentType)
      .setHeader(
        'Content-Disposition',
        `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .setHeader('Cache-Control', 'no-store')
      .end(file.body);
  }
}
