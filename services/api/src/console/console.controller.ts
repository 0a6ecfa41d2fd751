import { Get, Param, Query } from '@nestjs/common';

import {
  DashboardView,
  MeasurePage,
  Permissions,
  VillageAnnouncement,
  VillageNotice,
  type Actor,
} from '@fanpin/contracts';

import { Caller, CurrentActor, Route } from '../auth/permission.decorator';
import { VILLAGE_CODE } from '../cases/case-id.pipe';
import { invalidField } from '../errors/api-error';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { DashboardService } from './dashboard.service';
import { AnnouncementQueryDto, MeasureQueryDto, NoticeQueryDto } from './dto';
import { MeasuresService } from './measures.service';
import { Village } from './village-routes';
import { VillagesService } from './villages.service';

/** The board's village code, refused in the board's own words (not VillageCodePipe's). */
function villageParam(code: string): string {
  if (VILLAGE_CODE.test(code)) return code;
  throw invalidField('villageCode', 'villageCode must be 12 digits');
}

/** A page of the village's notice board, read by its staff and those above them. */
const BoardPage = (path: string, summary: string) =>
  Village.Route(Get(`:villageCode/${path}`), Permissions.casesNotice, summary);

/** Measures of a department (帮扶措施) and the city's figures. */
@ApiController('console', 'v1')
export class ConsoleController {
  constructor(
    private readonly measures: MeasuresService,
    private readonly dashboard: DashboardService,
  ) {}

  @Route(Get('measures'), Permissions.measuresRead, {
    summary:
      'Assistance measures, oldest due first: a lead department its own, staff those of their jurisdiction (names for staff only, ID masked)',
  })
  @Answers(200, MeasurePage, 'A page of measures')
  @Fails(403, 'ACCESS.DENIED: your account has no jurisdiction or department')
  list(@Query() query: MeasureQueryDto, @CurrentActor() actor: Actor): Promise<MeasurePage> {
    return this.measures.page(actor, query);
  }

  @Route(Get('dashboard'), Permissions.dashboardRead, {
    summary:
      'Figures over the city: open and overdue cases by township and stage, overdue tasks by level, households by class and risk type, the overdue cases',
  })
  @Answers(200, DashboardView, 'The figures now')
  figures(): Promise<DashboardView> {
    return this.dashboard.figures();
  }
}

/** A village's notice board: its public notice (公示) and the city's announcement (公告). */
@Village.Controller('console', 'v1/villages')
export class VillagesController {
  constructor(private readonly villages: VillagesService) {}

  @BoardPage(
    'public-notice',
    'The households in the village’s public notice now (公示): head’s name, proposal, notice start and end, where to object; never an ID number, phone or illness',
  )
  @Answers(200, VillageNotice, 'The notice')
  notice(
    @Param('villageCode') villageCode: string,
    @Query() query: NoticeQueryDto,
    @Caller() { actor, request }: Caller,
  ): Promise<VillageNotice> {
    const code = villageParam(villageCode);
    return this.villages.notice(actor, code, query.purpose ?? 'inclusion', request);
  }

  @BoardPage(
    'announcement',
    'The city’s decisions the village announces (公告), newest first: inclusions with their class, and risks eliminated',
  )
  @Answers(200, VillageAnnouncement, 'A page of the announcement')
  announcement(
    @Param('villageCode') villageCode: string,
    @Query() query: AnnouncementQueryDto,
    @Caller() { actor, request }: Caller,
  ): Promise<VillageAnnouncement> {
    return this.villages.announcement(actor, villageParam(villageCode), query, request);
  }
}
