import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Permissions, RegisterPage, type Actor } from '@fanpin/contracts';
import { OfficeMediaTypes } from '@fanpin/platform';

import { CurrentActor, Route } from '../auth/permission.decorator';
import { Answers } from '../openapi/answers';
import { AnswersFile, sendAttachment } from '../routes/attachment';
import { RegisterFilterDto, RegisterQueryDto } from './dto';
import { NeedsScope } from './read-scope';
import { RegistersService } from './registers.service';

const XLSX = OfficeMediaTypes.xlsx;

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
  @NeedsScope()
  households(
    @Query() query: RegisterQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<RegisterPage> {
    return this.registers.page(actor, query);
  }

  @Route(Get('households.xlsx'), Permissions.registersRead, {
    summary: 'The same register, with the same filters, as an Excel workbook',
  })
  @AnswersFile('xlsx', XLSX)
  @NeedsScope()
  async workbook(
    @Query() query: RegisterFilterDto,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const body = await this.registers.workbook(actor, query);
    sendAttachment(response, { body, contentType: XLSX, fileName: 'register.xlsx' });
  }
}
