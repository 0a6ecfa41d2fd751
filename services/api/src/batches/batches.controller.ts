import { Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import {
  MaxBatchRecords,
  Permissions,
  type Actor,
  type AlertBatchView,
  type BatchRejection,
} from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { codeParam } from '../errors/is-code';
import { BatchesService } from './batches.service';

const batchIdOf = (value: string): string => codeParam('batchId', value);

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alert-batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Put(':batchId')
  @RequirePermission(Permissions.alertsSubmit)
  @ApiOperation({
    summary: `Send a batch of up to ${MaxBatchRecords} alerts (JSON, or CSV in UTF-8 with a BOM or GBK)`,
    description:
      'Stored before it is processed; bad records are refused line by line (see /rejections) while the good ones go on. The same batch id with the same content again changes nothing. CSV columns: alertId (预警编号), villageCode (村代码), name (户主姓名), residentId (身份证号), phone (联系电话), triggers (触发情形, e.g. 2;5), incomePerCapita (人均纯收入), rigidExpenses (刚性支出).',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ schema: { type: 'object', properties: { records: { type: 'array' } } } })
  @ApiResponse({ status: 202, description: 'Stored; processing started' })
  @ApiResponse({
    status: 200,
    description: 'Received before with the same content: nothing changed',
  })
  @ApiResponse({
    status: 409,
    description: 'BATCH.CONFLICT: the batch id was used for other content',
  })
  @ApiResponse({ status: 413, description: 'BATCH.TOO_LARGE' })
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

  @Get(':batchId')
  @RequirePermission(Permissions.alertsReadOwn)
  @ApiOperation({ summary: 'A batch of yours: its status and progress' })
  @ApiResponse({ status: 404, description: 'BATCH.NOT_FOUND (also another bureau’s batch)' })
  get(@Param('batchId') batchId: string, @CurrentActor() actor: Actor): Promise<AlertBatchView> {
    return this.batches.get(actor, batchIdOf(batchId));
  }

  @Get(':batchId/rejections')
  @RequirePermission(Permissions.alertsReadOwn)
  @ApiOperation({ summary: 'The rejection report of a batch: line, field, code, reason' })
  async rejections(
    @Param('batchId') batchId: string,
    @CurrentActor() actor: Actor,
  ): Promise<{ rejections: BatchRejection[] }> {
    return { rejections: await this.batches.rejections(actor, batchIdOf(batchId)) };
  }
}
