import { Body, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

import {
  DifferenceView,
  MaxExportRows,
  NationalExportColumns,
  NationalExportForm,
  Permissions,
  ReconciliationView,
  ResolutionForm,
} from '@fanpin/contracts';

import { Caller, Route } from '../auth/permission.decorator';
import { codeParam } from '../errors/is-code';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { refTo } from '../openapi/components';
import { ApiController } from '../routes/api-controller';
import { numberParam } from '../routes/number-param';
import { Submits } from '../routes/submits';
import { DifferencesQueryDto, ImportQueryDto } from './dto';
import { ExportMediaTypes } from './export-file';
import { ReconciliationsService } from './reconciliations.service';

const idOf = (value: string): string => codeParam('reconciliationId', value);

const DifferenceNo = numberParam(
  'differenceNo',
  1,
  2_000_000_000,
  'differenceNo must be a whole number from 1',
);

const NOT_FOUND = 'RECONCILIATION.NOT_FOUND (also another county’s)';

const COLUMNS = NationalExportColumns.map((c) => `${c.key} (${c.zh}): ${c.means}`).join('; ');

/** Reconciliation with the national system's export (全国防返贫监测信息系统 对账), by the city bureau. */
@ApiController('national', 'v1/national/reconciliations')
export class ReconciliationsController {
  constructor(private readonly reconciliations: ReconciliationsService) {}

  @Route(Post(), Permissions.nationalReconcile, {
    summary: 'Import the national system’s export and list where it and this system differ',
    description: `The export as CSV (\`text/csv\`, UTF-8 or GBK), as an Excel workbook (\`.xlsx\`, its first sheet), or as JSON rows. The header names these columns, by key or Chinese name (others are ignored): ${COLUMNS}. Up to ${MaxExportRows} rows; a row that does not fit refuses the whole export (every problem in details, never a value). ID numbers are kept only as the household's keyed hash. Differences: missing-here, missing-there, record-differs, class-differs, mark-differs.`,
  })
  @ApiConsumes(ExportMediaTypes.json, ExportMediaTypes.csv, ExportMediaTypes.xlsx)
  @ApiBody({ schema: refTo(NationalExportForm) })
  @Answers(201, ReconciliationView, 'Imported; the first page of its differences')
  @Fails(
    400,
    'INPUT.INVALID, NATIONAL.EXPORT_UNREADABLE, NATIONAL.EXPORT_EMPTY: a row that does not fit (details), a file that cannot be read or lacks a column, no rows',
  )
  @Fails(413, `NATIONAL.EXPORT_TOO_LARGE: more than ${MaxExportRows} rows`)
  @Fails(415, 'INPUT.UNSUPPORTED_MEDIA_TYPE: not text/csv, .xlsx or application/json')
  @Fails(422, 'DIVISION.UNKNOWN: townshipCode is not of your county')
  @HttpCode(201)
  import(
    @Headers('content-type') contentType: string | undefined,
    @Query() query: ImportQueryDto,
    @Body() body: unknown,
    @Caller() { actor, request }: Caller,
  ): Promise<ReconciliationView> {
    return this.reconciliations.import(
      actor,
      (contentType ?? '').toLowerCase(),
      body,
      query.townshipCode ?? null,
      request,
    );
  }

  @Route(Get(':reconciliationId'), Permissions.nationalReconcile, {
    summary: 'A reconciliation and its differences, a page at a time, in order',
  })
  @Answers(200, ReconciliationView, 'The import and a page of its differences')
  @Fails(404, NOT_FOUND)
  get(
    @Param('reconciliationId') reconciliationId: string,
    @Query() query: DifferencesQueryDto,
    @Caller() { actor }: Caller,
  ): Promise<ReconciliationView> {
    return this.reconciliations.get(
      actor,
      idOf(reconciliationId),
      query.after ?? 0,
      query.limit ?? 100,
    );
  }

  @Submits(
    ':reconciliationId/differences/:differenceNo/resolution',
    Permissions.nationalReconcile,
    {
      summary: 'Resolve a difference with a reason code (audited)',
      description:
        'The same reason again changes nothing; another one corrects the resolution (each is audited).',
    },
    'INPUT.INVALID: the form does not fit',
  )
  @Answers(200, DifferenceView, 'Resolved with this reason')
  @Fails(404, `${NOT_FOUND}, RECONCILIATION.DIFFERENCE_NOT_FOUND`)
  resolve(
    @Param('reconciliationId') reconciliationId: string,
    @DifferenceNo.Param() differenceNo: number,
    @Form(ResolutionForm) form: ResolutionForm,
    @Caller() { actor, request }: Caller,
  ): Promise<DifferenceView> {
    // The number is checked before the id: a request wrong in both is told of the number.
    const no = DifferenceNo.inRange(differenceNo);
    return this.reconciliations.resolve(
      actor,
      idOf(reconciliationId),
      no,
      form.reasonCode,
      request,
    );
  }
}
