import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';

import { Permissions, ScreeningCoverage, isCalendarDate, type Actor } from '@fanpin/contracts';
import { ScreeningsRepository } from '@fanpin/persistence';
import { addCalendarDays, endOfCstDay } from '@fanpin/platform';

import { CurrentActor, RequirePermission } from '../auth/permission.decorator';
import { readScope } from '../console/read-scope';
import { invalidField } from '../errors/api-error';
import { Answers, Fails } from '../openapi/answers';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A year and a day: a yearly assessment with its edges. */
const MAX_DAYS = 366;

export class CoverageQueryDto {
  @ApiProperty({ pattern: DAY.source, description: 'First day (Asia/Shanghai)' })
  @Matches(DAY)
  from!: string;

  @ApiProperty({ pattern: DAY.source, description: 'Last day (Asia/Shanghai), included' })
  @Matches(DAY)
  to!: string;
}

/** Screening coverage (排查覆盖, plan §6.4): which households the cadres visited, reported or not. */
@ApiTags('ways in')
@Controller('v1/screenings')
export class CoverageController {
  constructor(private readonly screenings: ScreeningsRepository) {}

  @Get('coverage')
  @RequirePermission(Permissions.registersRead)
  @ApiOperation({
    summary:
      'Cadre screenings per village of your jurisdiction in a period: how many, of how many households, how many reported',
  })
  @Answers(200, ScreeningCoverage, 'The villages with screenings in the period')
  @Fails(400, 'INPUT.INVALID: not a calendar day, `to` before `from`, or more than 366 days')
  @Fails(403, 'ACCESS.DENIED: your account has no jurisdiction of its level')
  async coverage(
    @Query() q: CoverageQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ScreeningCoverage> {
    const problem = (field: string, message: string) =>
      invalidField(field, `${field} ${message}`, `${field} ${message}`);
    for (const field of ['from', 'to'] as const) {
      if (!isCalendarDate(q[field])) throw problem(field, 'must be a calendar day');
    }
    const from = new Date(`${q.from}T00:00:00+08:00`);
    const until = endOfCstDay(q.to);
    if (until <= from) throw problem('to', 'must not be before from');
    if (until > addCalendarDays(from, MAX_DAYS)) {
      throw problem('to', `must be at most ${MAX_DAYS} days after from`);
    }
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
