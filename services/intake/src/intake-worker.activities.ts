import { Injectable } from '@nestjs/common';

import type {
  BatchActivities,
  DeadlineRecountActivities,
  IntakeActivities,
  ReportActivities,
  SchedulingActivities,
} from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

import { BatchActivitiesService } from './batch.activities';
import { IntakeActivitiesService } from './intake.activities';
import { RecountActivitiesService } from './recount.activities';
import { ReportActivitiesService } from './reports/report.activities';

/**
 * Everything the intake worker runs: opening cases, calendar arithmetic and the recount of
 * provisional due dates, bureau batches and the periodic reports on what came in.
 */
@Injectable()
export class IntakeWorkerActivities implements ActivityProvider {
  constructor(
    private readonly intake: IntakeActivitiesService,
    private readonly batches: BatchActivitiesService,
    private readonly reports: ReportActivitiesService,
    private readonly recounts: RecountActivitiesService,
  ) {}

  activities(): IntakeActivities &
    SchedulingActivities &
    DeadlineRecountActivities &
    BatchActivities &
    ReportActivities {
    return {
      ...this.intake.activities(),
      ...this.recounts.activities(),
      ...this.batches.activities(),
      ...this.reports.activities(),
    };
  }
}
