import { Get, Put } from '@nestjs/common';

import { CalendarEntry, CalendarView, CalendarYearForm, Permissions } from '@fanpin/contracts';

import { Caller, Route } from '../auth/permission.decorator';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { numberParam } from '../routes/number-param';
import { CalendarService } from './calendar.service';

const Year = numberParam('year', 2000, 2200, 'year must be a year, e.g. 2027');

/**
 * The official working-day calendar past the packaged years: the State Council's arrangement of
 * each year (放假调休), entered by the city bureau from the notice.
 */
@ApiController('calendar', 'v1/calendar/years')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Route(Get(), Permissions.calendarRead, {
    summary: 'The years of the official calendar: packaged, entered, and what is still missing',
  })
  @Answers(200, CalendarView, 'The packaged years, the entered ones, and a warning')
  view(): Promise<CalendarView> {
    return this.calendar.view();
  }

  @Route(Put(':year'), Permissions.calendarManage, {
    summary: "Enter a year's holidays and make-up working days (放假调休) as the notice gives them",
    description:
      'Checked (dates in the year, no day both a holiday and a working day) and refused where the packaged calendar says otherwise (CALENDAR.CONTRADICTS_PACKAGE). Entered again, a year gets its next revision. Every open task whose due date was provisional is then recounted by a durable job, and its case told.',
  })
  @Answers(200, CalendarEntry, 'Entered as the next revision of the year; the recount started')
  @Fails(
    400,
    'INPUT.INVALID: a date not in the year, a day both a holiday and a working day, a field missing',
  )
  @Fails(409, 'CALENDAR.CONTRADICTS_PACKAGE: the packaged calendar of the year says otherwise')
  enter(
    @Year.Param() year: number,
    @Form(CalendarYearForm) form: CalendarYearForm,
    @Caller() { actor, request }: Caller,
  ): Promise<CalendarEntry> {
    return this.calendar.enter(Year.inRange(year), form, actor, request);
  }
}
