import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

import { isCalendarDate } from '@fanpin/contracts';
import { addCalendarDays, endOfCstDay } from '@fanpin/platform';

import { NeedsScope } from '../console/read-scope';
import { Fails } from '../openapi/answers';
import { invalidField } from './api-error';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A year and a day: a yearly assessment with its edges. */
export const MAX_PERIOD_DAYS = 366;

/** A period of whole days, as figures over time ask for it. */
export class PeriodQueryDto {
  @ApiProperty({ pattern: DAY.source, description: 'First day (Asia/Shanghai)' })
  @Matches(DAY)
  from!: string;

  @ApiProperty({ pattern: DAY.source, description: 'Last day (Asia/Shanghai), included' })
  @Matches(DAY)
  to!: string;
}

/** What a route answers for a period it refuses, for the document. */
const PERIOD_REFUSED = `INPUT.INVALID: not a calendar day, \`to\` before \`from\`, or more than ${MAX_PERIOD_DAYS} days`;

/** The refusals of a route of figures over a period (PeriodQueryDto) within the caller's scope. */
export const PeriodInScope = () => applyDecorators(Fails(400, PERIOD_REFUSED), NeedsScope());

/**
 * The period's first and last instants: from the start of `from` to the end of `to`, China
 * Standard Time. A day that does not exist, `to` before `from` or a period over a year and a day is
 * INPUT.INVALID, with the field it is about.
 */
export function periodOf(q: PeriodQueryDto): { from: Date; until: Date } {
  const problem = (field: string, message: string) =>
    invalidField(field, `${field} ${message}`, `${field} ${message}`);
  for (const field of ['from', 'to'] as const) {
    if (!isCalendarDate(q[field])) throw problem(field, 'must be a calendar day');
  }
  const from = new Date(`${q.from}T00:00:00+08:00`);
  const until = endOfCstDay(q.to);
  if (until <= from) throw problem('to', 'must not be before from');
  if (until > addCalendarDays(from, MAX_PERIOD_DAYS)) {
    throw problem('to', `must be at most ${MAX_PERIOD_DAYS} days after from`);
  }
  return { from, until };
}
