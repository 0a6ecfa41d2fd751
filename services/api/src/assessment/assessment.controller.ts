import { Get, Query, Res, applyDecorators } from '@nestjs/common';
import type { Response } from 'express';

import { Assessment, Permissions, type Actor } from '@fanpin/contracts';
import { OfficeMediaTypes, writeOfficeFile, type OfficeFormat } from '@fanpin/platform';

import { CurrentActor, Route } from '../auth/permission.decorator';
import { PeriodInScope, PeriodQueryDto } from '../errors/period-query';
import { Answers } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { AnswersFile, sendAttachment } from '../routes/attachment';
import { assessmentTables } from './assessment-file';
import { AssessmentService } from './assessment.service';

/** What each of the table's file routes does. */
const Files: Record<OfficeFormat, string> = {
  xlsx: 'The same assessment table as an Excel workbook (one sheet)',
  csv: 'The same assessment table as CSV, UTF-8 with a byte-order mark',
};

/** A route of the assessment table over a period, of the caller's townships. */
const AssessmentRoute = (path: string, summary: string) =>
  applyDecorators(PeriodInScope(), Route(Get(path), Permissions.assessmentRead, summary));

/** The table's file route: the same figures as the JSON answer, a township and the total a line. */
const AssessmentFile = (format: OfficeFormat) =>
  applyDecorators(
    AnswersFile(format, OfficeMediaTypes[format]),
    AssessmentRoute(`assessment.${format}`, Files[format]),
  );

/**
 * The supervisors' assessment of each township (督导考核, plan §6.4): screenings, households found,
 * identifications, overdue tasks, visits and measures on time or late in a period. Supervisors and
 * the city bureau see every township, a township officer its own.
 */
@ApiController('console', 'v1')
export class AssessmentController {
  constructor(private readonly assessment: AssessmentService) {}

  @AssessmentRoute(
    'assessment',
    'Per township of your jurisdiction, in a period: households screened, households found by way in, identifications on time or late, overdue tasks by level, visits and measures on time or late',
  )
  @Answers(200, Assessment, 'Every township of your jurisdiction, and the total')
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
    sendAttachment(response, {
      body,
      contentType: OfficeMediaTypes[format],
      fileName: `assessment.${format}`,
      localName: `督导考核-${q.from}-${q.to}.${format}`,
    });
  }
}
