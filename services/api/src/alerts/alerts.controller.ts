import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import {
  AlertForm,
  AlertList,
  AlertOutcome,
  AlertReceipt,
  Permissions,
  type Actor,
} from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { codeParam } from '../errors/is-code';
import { FormPipe } from '../forms/form.pipe';
import { Answers, Fails, Takes } from '../openapi/answers';
import { AlertsService } from './alerts.service';
import { AlertListQueryDto } from './dto/alert-list-query.dto';

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(Permissions.alertsSubmit)
  @ApiOperation({
    summary: 'Receive a risk alert from a sector bureau; opens or joins the household case',
  })
  @Takes(AlertForm)
  @Answers(202, AlertReceipt, 'Stored and handed to the case (or queued to be)')
  @Answers(200, AlertReceipt, 'Received before with the same content: nothing changed')
  @Fails(400, 'INPUT.INVALID: the form does not fit (every problem in details)')
  @Fails(403, 'ALERT.WRONG_BUREAU: a bureau sends its own alerts')
  @Fails(409, 'ALERT.CONFLICT: the alertId was received before with other content')
  @Fails(
    422,
    'DIVISION.UNKNOWN, RESIDENT_ID.INVALID, PHONE.INVALID: a village outside the county, a resident ID failing GB 11643-1999, a phone that is not a mainland number',
  )
  async receive(
    @Body(new FormPipe(AlertForm)) dto: AlertForm,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertReceipt> {
    const receipt = await this.alerts.receive(dto, actor);
    if (receipt.status === 'duplicate') res.status(200);
    return receipt;
  }

  @Get()
  @RequirePermission(Permissions.alertsReadOwn)
  @ApiOperation({ summary: "The bureau's own alerts and what became of each, newest first" })
  @Answers(200, AlertList, 'A page of alerts')
  list(@Query() query: AlertListQueryDto, @CurrentActor() actor: Actor): Promise<AlertList> {
    return this.alerts.list(actor, query.before, query.limit ?? 100);
  }

  @Get(':alertId')
  @RequirePermission(Permissions.alertsReadOwn)
  @ApiOperation({ summary: "One of the bureau's own alerts and its outcome" })
  @Answers(200, AlertOutcome, 'The alert and what became of it')
  @Fails(404, 'ALERT.NOT_FOUND (also another bureau’s alert)')
  one(@Param('alertId') alertId: string, @CurrentActor() actor: Actor): Promise<AlertOutcome> {
    return this.alerts.one(actor, codeParam('alertId', alertId));
  }
}
