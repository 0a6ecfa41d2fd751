import { Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';

import {
  AlertForm,
  AlertList,
  AlertOutcome,
  AlertReceipt,
  Permissions,
  type Actor,
} from '@fanpin/contracts';

import { CurrentActor, Route } from '../auth/permission.decorator';
import { codeParam } from '../errors/is-code';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { AlertsService } from './alerts.service';
import { AlertListQueryDto } from './dto/alert-list-query.dto';
import { ReportsHousehold } from './signal-route';

@ApiController('alerts', 'v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @ReportsHousehold(
    '',
    Permissions.alertsSubmit,
    'Receive a risk alert from a sector bureau; waits in the city bureau’s triage (ALERT_TRIAGE=city), or opens or joins the household case',
    'alertId',
  )
  @Answers(
    202,
    AlertReceipt,
    'Stored, and waiting in the city’s triage or handed to the case (or queued to be)',
  )
  @Answers(200, AlertReceipt, 'Received before with the same content: nothing changed')
  @Fails(403, 'ALERT.WRONG_BUREAU: a bureau sends its own alerts')
  async receive(
    @Form(AlertForm) dto: AlertForm,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertReceipt> {
    const receipt = await this.alerts.receive(dto, actor);
    if (receipt.status === 'duplicate') res.status(200);
    return receipt;
  }

  @Route(Get(), Permissions.alertsReadOwn, {
    summary: "The bureau's own alerts and what became of each, newest first",
  })
  @Answers(200, AlertList, 'A page of alerts')
  list(@Query() query: AlertListQueryDto, @CurrentActor() actor: Actor): Promise<AlertList> {
    return this.alerts.list(actor, query.before, query.limit ?? 100);
  }

  @Route(Get(':alertId'), Permissions.alertsReadOwn, {
    summary: "One of the bureau's own alerts and its outcome",
  })
  @Answers(200, AlertOutcome, 'The alert and what became of it')
  @Fails(404, 'ALERT.NOT_FOUND (also another bureau’s alert)')
  one(@Param('alertId') alertId: string, @CurrentActor() actor: Actor): Promise<AlertOutcome> {
    return this.alerts.one(actor, codeParam('alertId', alertId));
  }
}
