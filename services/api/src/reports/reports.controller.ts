import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';

import {
  Permissions,
  ReportKinds,
  type Actor,
  type ReportKind,
  type ReportView,
} from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { IsCode } from '../errors/is-code';
import { PageLimit } from '../errors/page-limit';
import { ReportsService, type ReportFormat } from './reports.service';

export class ReportQuery {
  @ApiPropertyOptional({ enum: ReportKinds })
  @IsOptional()
  @IsIn(ReportKinds)
  kind?: ReportKind;

  @ApiPropertyOptional({ description: 'A township code, a sector bureau, or the city code' })
  @IsOptional()
  @IsCode()
  scope?: string;

  @PageLimit()
  limit?: number;
}

export class ReportViewDto implements ReportView {
  @ApiProperty() reportId!: string;
  @ApiProperty({ enum: ReportKinds }) kind!: ReportKind;
  @ApiProperty() scope!: string;
  @ApiProperty({ description: 'The period runs after this instant…' }) periodStart!: string;
  @ApiProperty({ description: '…up to and including this one' }) periodEnd!: string;
  @ApiProperty() producedAt!: string;
  @ApiProperty() rows!: number;
}

/**
 * The periodic reports the Schedules produce: half-monthly reports of each township, the data
 * exchange with each sector bureau, the yearly scale-risk judgement. Each downloads as an Excel
 * workbook or a CSV file (UTF-8 with a byte-order mark), rendered for the reader.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @RequirePermission(Permissions.reportsRead)
  @ApiOperation({ summary: 'The reports you may read, newest period first' })
  @ApiResponse({ status: 200, type: [ReportViewDto] })
  list(@Query() query: ReportQuery, @CurrentActor() actor: Actor): Promise<ReportView[]> {
    return this.reports.list(actor, {
      kind: query.kind,
      scope: query.scope,
      limit: query.limit ?? 100,
    });
  }

  @Get(':reportId/xlsx')
  @RequirePermission(Permissions.reportsRead)
  @ApiOperation({ summary: 'The report as an Excel workbook (charts in the yearly judgement)' })
  @ApiResponse({ status: 404, description: 'REPORT.NOT_FOUND (also one you may not read)' })
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
  @ApiResponse({ status: 404, description: 'REPORT.NOT_FOUND (also one you may not read)' })
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
