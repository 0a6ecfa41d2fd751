import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { DivisionList, Permissions } from '@fanpin/contracts';

import { RequirePermission } from '../auth/permission.decorator';
import { Answers } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { divisionList } from './division-list';

@ApiController('divisions', 'v1/divisions')
export class DivisionsController {
  @Get()
  @RequirePermission(Permissions.divisionsRead)
  @ApiOperation({
    summary:
      'The valid division codes: the county, its townships and their villages, with their Chinese names',
    description:
      'Village codes (12 digits) go into forms (villageCode); account scopes take a village, township (9) or the county (6) code by role.',
  })
  @Answers(200, DivisionList, 'Every division of the county')
  list(): DivisionList {
    return divisionList;
  }
}
