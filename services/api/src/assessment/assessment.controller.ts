import { Controller, Get, Query, Res, applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';

import { Assessment, Permissions, type Actor } from '@fanpin/contracts';
import { OfficeMediaTypes, writeOfficeFile, type OfficeFormat } from '@fanpin/platform';

import { CurrentActor, Route } from '../auth/permission.decorator';
import { PERIOD_REFUSED, PeriodQueryDto } from '../errors/period-query';
import { Answers, Fails } from '../openapi/answers';
import { assessmentTables } from './assessment-file';
import { AssessmentService } from './assessment.service';

const NO_SCOPE = 'ACCESS.DENIED: your account has no jurisdiction of its level';

const Files: Record<OfficeFormat, { summary: string; file: string }> = {
  xlsx: {
    summary: 'The same assessment table as an Excel workbook (one sheet)',
    file: 'An Excel workbook (Office Open XML)',
  },
  csv: {
    summary: 'The same assessment table as CSV, UTF-8 with a byte-order mark',
    file: 'One CSV table, UTF-8 with a byte-order mark',
  },
};

/** The table's file route: the same figures as the JSON answer, a township and the total a line. */
const AssessmentFile = (format: OfficeFormat) =>
  applyDecorators(
    ApiResponse({
      status: 200,
      description: `${Files[format].file}, as an attachment`,
      content: {
        [OfficeMediaTypes[format]]: {
          schema: { type: 'string', contentMediaType: OfficeMediaTypes[format] } as SchemaObject,
        },
      },
    }),
    Fails(400, PERIOD_REFUSED),
    Fails(403, NO_SCOPE),
    Route(Get(`assessment.${format}`), Permissions.assessmentRead, Files[format].summary),
  );

/**
 * The supervisors' assessment of each township (督导考核, plan §6.4): screenings, households found,
 * identifications, overdue tasks, visits and measures on time or late in a period. Supervisors and
 * the city bureau see every township, a township officer its own.
 */
@ApiTags('console')
@Controller('v1')
export class AssessmentController {
  constructor(private readonly assessment: AssessmentService) {}

  @Route(Get('assessment'), Permissions.assessmentRead, {
    summary:
      'Per township of your jurisdiction, in a period: households screened, households found by way in, identifications on time or late, overdue tasks by level, visits and measures on time or late',
  })
  @Answers(200, Assessment, 'Every township of your jurisdiction, and the total')
  @Fails(400, PERIOD_REFUSED)
  @Fails(403, NO_SCOPE)
  figures(@Query() q: PeriodQueryDto, @CurrentActor() actor: Actor): Promise<Assessment> {
    return this.assessment.figures(actor, q);
  }

  @AssessmentFile('xlsx')
  xlsx(@Query() q: PeriodQueryDto, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.send('xlsx', q, actor, res);
  }

  @AssessmentFile('csv')
  csv(@Query() q: PeriodQueryDto, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.send('csv', q, actor, res);
  }

  private async send(
    format: OfficeFormat,
    q: PeriodQueryDto,
    actor: Actor,
    response: Response,
  ): Promise<void> {
    const figures = await this.assessment.figures(actor, q);
    const body = writeOfficeFile(format, assessmentTables(figures), {
      creator: 'fanpin-monitor',
      created: new Date(figures.at),
    });
    const name = `督导考核-${q.from}-${q.to}.${format}`;
    response
      .status(200)
      .setHeader('Content-Type', OfficeMediaTypes[format])
      .setHeader(
        'Content-Disposition',
        `attachment; filename="assessment.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .setHeader('Cache-Control', 'no-store')
      .end(body);
  }
}
