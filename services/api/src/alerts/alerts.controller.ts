import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { AlertForm, Permissions, type Actor } from '@fanpin/contracts';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { codeParam } from '../errors/is-code';
import { FormPipe } from '../forms/form.pipe';
import { AlertsService } from './alerts.service';
import {
  AlertListDto,
  AlertListQueryDto,
  AlertOutcomeDto,
  AlertReceiptDto,
} from './dto/receive-alert.dto';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(Permissions.alertsSubmit)
  @ApiOperation({
    summary: 'Receive a risk alert from a sector bureau; opens or joins the household case',
  })
  @ApiBody({ schema: { $ref: '#/components/schemas/AlertForm' } })
  @ApiResponse({ status: 202, type: AlertReceiptDto, description: 'Stored and handed to the case' })
  @ApiResponse({
    status: 200,
    type: AlertReceiptDto,
    description: 'Already received: nothing changed',
  })
  @ApiResponse({ status: 403, description: 'ALERT.WRONG_BUREAU: a bureau sends its own alerts' })
  async receive(
    @Body(new FormPipe(AlertForm)) dto: AlertForm,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertReceiptDto> {
    const receipt = await this.alerts.receive(dto, actor);
    if (receipt.status === 'duplicate') res.status(200);
    return receipt;
  }

  @Get()
  @RequirePermission(Permissions.alertsReadOwn)
  @ApiOperation({ summary: "The bureau's own alerts and what became of each, newest first" })
  @ApiResponse({ status: 200, type: AlertListDto })
  list(@Query() query: AlertListQueryDto, @CurrentActor() actor: Actor): Promise<AlertListDto> {
    return this.alerts.list(actor, query.before, query.limit ?? 100);
  }

  @Get(':alertId')
  @RequirePermission(Permissions.alertsReadOwn)
  @ApiOperation({ summary: "One of the bureau's own alerts and its outcome" })
  @ApiResponse({ status: 200, type: AlertOutcomeDto })
  @ApiResponse({ status: 404, description: 'ALERT.NOT_FOUND (also another bureau’s alert)' })
  one(@Param('alertId') alertId: string, @CurrentActor() actor: Actor): Promise<AlertOutcomeDto> {
    return this.alerts.one(actor, codeParam('alertId', alertId));
  }
}
