import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { AlertsService } from './alerts.service';
import { AlertReceiptDto, ReceiveAlertDto } from './dto/receive-alert.dto';

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Receive a risk alert from a sector bureau; opens or joins the household case',
  })
  @ApiResponse({ status: 202, type: AlertReceiptDto, description: 'Stored and handed to the case' })
  @ApiResponse({
    status: 200,
    type: AlertReceiptDto,
    description: 'Already received: nothing changed',
  })
  async receive(
    @Body() dto: ReceiveAlertDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertReceiptDto> {
    const receipt = await this.alerts.receive(dto);
    if (receipt.status === 'duplicate') res.status(200);
    return receipt;
  }
}
