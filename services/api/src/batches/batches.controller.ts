import { Body, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { Response } from 'express';

import {
  AlertBatchView,
  BatchForm,
  BatchRejections,
  MaxBatchRecords,
  Permissions,
  type Actor,
} from '@fanpin/contracts';

import { CurrentActor, Route } from '../auth/permission.decorator';
import { codeParam } from '../errors/is-code';
import { Answers, Fails } from '../openapi/answers';
import { refTo } from '../openapi/components';
import { ApiController } from '../routes/api-controller';
import { BatchesService } from './batches.service';

const batchIdOf = (value: string): string => codeParam('batchId', value);

const NOT_FOUND = 'BATCH.NOT_FOUND (also another bureau’s batch)';

@ApiController('alerts', 'v1/alert-batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Route(Put(':batchId'), Permissions.alertsSubmit, {
    summary: `Send a batch of up to ${MaxBatchRecords} alerts (JSON, or CSV in UTF-8 with a BOM or GBK)`,
    description:
      'Stored before it is processed; bad records are refused line by line (see /rejections) while the good ones go on. The same batch id with the same content again changes nothing. CSV (`text/csv`, a header line, then one record a line) columns: alertId (预警编号), villageCode (村代码), name (户主姓名), residentId (身份证号), phone (联系电话), triggers (触发情形, e.g. 2;5), incomePerCapita (人均纯收入), rigidExpenses (刚性支出).',
  })
  // The CSV alternative is documented as text by the document's edge pass (openapi/edge-answers.ts).
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ schema: refTo(BatchForm) })
  @Answers(202, AlertBatchView, 'Stored; processing started')
  @Answers(200, AlertBatchView, 'Received before with the same content: nothing changed')
  @Fails(
    400,
    'BATCH.EMPTY, BATCH.UNREADABLE, INPUT.INVALID: no records, a CSV without the columns, or a JSON envelope that does not fit',
  )
  @Fails(409, 'BATCH.CONFLICT: the batch id was used for other content')
  @Fails(413, `BATCH.TOO_LARGE: more than ${MaxBatchRecords} records`)
  @Fails(415, 'INPUT.UNSUPPORTED_MEDIA_TYPE: neither application/json nor text/csv')
  async receive(
    @Param('batchId') batchId: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertBatchView> {
    const { created, batch } = await this.batches.receive(
      actor,
      batchIdOf(batchId),
      (contentType ?? '').toLowerCase(),
      body,
    );
    res.status(created ? 202 : 200);
    return batch;
  }

  @Route(Get(':batchId'), Permissions.alertsReadOwn, 'A batch of yours: its status and progress')
  @Answers(200, AlertBatchView, 'The batch')
  @Fails(404, NOT_FOUND)
  get(@Param('batchId') batchId: string, @CurrentActor() actor: Actor): Promise<AlertBatchView> {
    return this.batches.get(actor, batchIdOf(batchId));
  }

  @Route(Get(':batchId/rejections'), Permissions.alertsReadOwn, {
    summary: 'The rejection report of a batch: line, field, code, reason',
  })
  @Answers(200, BatchRejections, 'Every refused line, in order')
  @Fails(404, NOT_FOUND)
  async rejections(
    @Param('batchId') batchId: string,
    @CurrentActor() actor: Actor,
  ): Promise<BatchRejections> {
    return { rejections: await this.batches.rejections(actor, batchIdOf(batchId)) };
  }
}
