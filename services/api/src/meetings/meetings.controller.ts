import { Get, Param, Query } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

import {
  AppraisalList,
  Permissions,
  VillageMeeting,
  VillageMeetingForm,
  VillageMeetingPage,
} from '@fanpin/contracts';

import { Caller } from '../auth/permission.decorator';
import { REQUEST_ID, RequestIdPipe } from '../cases/case-id.pipe';
import { AnnouncementQueryDto } from '../console/dto';
import { Village } from '../console/village-routes';
import { Form } from '../forms/form.pipe';
import { Answers, Fails, ReachesTemporal } from '../openapi/answers';
import { MeetingQueryDto } from './dto';
import { MeetingsService } from './meetings.service';

/**
 * Village meetings (村民代表会议, plan §4.3): the committee appraises a list of households at once and
 * posts one public notice for those it approves; each household's case follows the list's outcome.
 */
@Village.Controller('villages', 'v1/villages/:villageCode')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Village.Route(Get('appraisals/waiting'), Permissions.casesNotice, {
    summary:
      'The households waiting for the committee’s appraisal (inclusion, elimination, or the assistance plan in force): the list a meeting takes up',
  })
  @Answers(200, AppraisalList, 'Oldest first')
  waiting(
    @Village.Param() villageCode: string,
    @Query() query: MeetingQueryDto,
    @Caller() { actor, request }: Caller,
  ): Promise<AppraisalList> {
    return this.meetings.waiting(actor, villageCode, query.purpose ?? 'inclusion', request);
  }

  @Village.Changes('meetings', Permissions.meetingsHold, {
    summary:
      'Record a village meeting (村民代表会议): one democratic appraisal of a list of households and one public notice of those approved',
    description:
      'Each household’s outcome completes its case’s appraisal task (`meetingId` in its history); the approved go into public notice together, and an objection holds back only its household. The same meeting sent again changes nothing and hands over what an outage left pending.',
  })
  @ReachesTemporal()
  @Answers(200, VillageMeeting, 'Recorded: each household’s outcome and where its case stands')
  @Fails(409, 'MEETING.CONFLICT: this meetingId was recorded with other content')
  @Fails(
    422,
    'MEETING.CASE_NOT_WAITING: a household of the list does not wait for this appraisal in this village (details name which); nothing recorded',
  )
  hold(
    @Village.Param() villageCode: string,
    @Form(VillageMeetingForm) form: VillageMeetingForm,
    @Caller() { actor, request }: Caller,
  ): Promise<VillageMeeting> {
    return this.meetings.hold(actor, villageCode, form, request);
  }

  @Village.Route(Get('meetings'), Permissions.casesNotice, 'The village’s meetings, latest first')
  @Answers(200, VillageMeetingPage, 'A page of meetings')
  page(
    @Village.Param() villageCode: string,
    @Query() query: AnnouncementQueryDto,
    @Caller() { actor, request }: Caller,
  ): Promise<VillageMeetingPage> {
    return this.meetings.page(actor, villageCode, query, request);
  }

  @Village.Route(
    Get('meetings/:meetingId'),
    Permissions.casesNotice,
    'A meeting with its list: each household’s outcome, where its case stands, the notice',
    { alsoNotFound: 'MEETING.NOT_FOUND: no such meeting' },
  )
  @ApiParam({ name: 'meetingId', schema: { type: 'string', pattern: REQUEST_ID.source } })
  @Answers(200, VillageMeeting, 'The meeting')
  one(
    @Village.Param() villageCode: string,
    @Param('meetingId', RequestIdPipe) meetingId: string,
    @Caller() { actor, request }: Caller,
  ): Promise<VillageMeeting> {
    return this.meetings.one(actor, villageCode, meetingId, request);
  }
}
