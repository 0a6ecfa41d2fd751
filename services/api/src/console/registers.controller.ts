import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';

import { Permissions, RegisterPage, type Actor } from '@fanpin/contracts';
import { OfficeMediaTypes } from '@fanpin/platform';

import { CurrentActor, Route } from '../auth/permission.decorator';
import { Answers, Fails } from '../openapi/answers';
import { RegisterFilterDto, RegisterQueryDto } from './dto';
import { RegistersService } from './registers.service';

const XLSX = OfficeMediaTypes.xlsx;
const NO_SCOPE = 'ACCESS.DENIED: your account has no jurisdiction of its level';

/** The register of monitored households (监测对象台账) of one's jurisdiction. */
@ApiTags('registers')
@Controller('v1/registers')
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  @Route(Get('households'), Permissions.registersRead, {
    summary:
      'Monitored households (监测对象台账) in your jurisdiction: class, risk types, stage, next visit due (ID numbers masked)',
  })
  @Answers(200, RegisterPage, 'A page of the register')
  @Fails(403, NO_SCOPE)
  households(
    @Query() query: RegisterQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<RegisterPage> {
    return this.registers.page(actor, query);
  }

  @Route(Get('households.xlsx'), Permissions.registersRead, {
    summary: 'The same register, with the same filters, as an Excel workbook',
  })
  @ApiResponse({
    status: 200,
    description: 'An Excel workbook (Office Open XML), as an attachment',
    content: { [XLSX]: { schema: { type: 'string', contentMediaType: XLSX } as SchemaObject } },
  })
  @Fails(403, NO_SCOPE)
  async workbook(
    @Query() query: RegisterFilterDto,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const body = await this.registers.workbook(actor, query);
    response
      .status(200)
      .setHeader('Content-Type', XLSX)
      .setHeader('Content-Disposition', 'attachment; filename="register.xlsx"')
      .setHeader('Cache-Control', 'no-store')
      .end(body);
  }
}
