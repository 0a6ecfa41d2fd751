import { Get, Query, Res, applyDecorators } from '@nestjs/common';
import type { Response } from 'express';

import { Permissions, RegisterPage, type Actor } from '@fanpin/contracts';
import { OfficeMediaTypes } from '@fanpin/platform';

import { CurrentActor, Route } from '../auth/permission.decorator';
import { Answers } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { AnswersFile, sendAttachment } from '../routes/attachment';
import { RegisterFilterDto, RegisterQueryDto } from './dto';
import { NeedsScope } from './read-scope';
import { RegistersService } from './registers.service';

const XLSX = OfficeMediaTypes.xlsx;

/** A route of the register, of the households of the caller's jurisdiction. */
const RegisterRoute = (path: string, summary: string) =>
  applyDecorators(NeedsScope(), Route(Get(path), Permissions.registersRead, summary));

/** The register of monitored households (监测对象台账) of one's jurisdiction. */
@ApiController('registers', 'v1/registers')
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  @RegisterRoute(
    'households',
    'Monitored households (监测对象台账) in your jurisdiction: class, risk types, stage, next visit due (ID numbers masked)',
  )
  @Answers(200, RegisterPage, 'A page of the register')
  households(
    @Query() query: RegisterQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<RegisterPage> {
    return this.registers.page(actor, query);
  }

  @RegisterRoute(
    'households.xlsx',
    'The same register, with the same filters, as an Excel workbook',
  )
  @AnswersFile('xlsx', XLSX)
  async workbook(
    @Query() query: RegisterFilterDto,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const body = await this.registers.workbook(actor, query);
    sendAttachment(response, { body, contentType: XLSX, fileName: 'register.xlsx' });
  }
}
