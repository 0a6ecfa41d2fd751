import { Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { Permissions, ScreeningCoverage, type Actor } from '@fanpin/contracts';
import { ScreeningsRepository } from '@fanpin/persistence';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { readScope } from '../console/read-scope';
import { PeriodInScope, PeriodQueryDto, periodOf } from '../errors/period-query';
import { Answers } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';

/** Screening coverage (排查覆盖, plan §6.4): which households the cadres visited, reported or not. */
@ApiController('ways in', 'v1/screenings')
export class CoverageController {
  constructor(private readonly screenings: ScreeningsRepository) {}

  @Get('coverage')
  @RequirePermission(Permissions.registersRead)
  @ApiOperation({
    summary:
      'Cadre screenings per village of your jurisdiction in a period: how many, of how many households, how many reported',
  })
  @Answers(200, ScreeningCoverage, 'The villages with screenings in the period')
  @PeriodInScope()
  async coverage(
    @Query() q: PeriodQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ScreeningCoverage> {
    const { from, until } = periodOf(q);
    const rows = await this.screenings.coverage(readScope(actor), from, until);
    return {
      from: q.from,
      to: q.to,
      villages: rows.map((r) => ({
        villageCode: r.village_code,
        townshipCode: r.township_code,
        screenings: r.screenings,
        householdsScreened: r.households_screened,
        householdsReported: r.households_reported,
      })),
    };
  }
}
