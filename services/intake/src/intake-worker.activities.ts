import { Injectable } from '@nestjs/common';

import type {
  BatchActivities,
  DeadlineRecountActivities,
  ReportActivities,
  SchedulingActivities,
} from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

import { BatchActivitiesService } from './batch.activities';
import { SchedulingActivitiesService } from './scheduling.activities';
import { RecountActivitiesService } from './recount.activities';
import { ReportActivitiesService } from './reports/report.activities';

/**
 * Everything the intake worker runs: the cases' calendar arithmetic and the recount of
 * provisional due dates, bureau batches and the periodic reports on what came in.
 */
@Injectable()
export class IntakeWorkerActivities implements ActivityProvider {
  constructor(
    private readonly scheduling: SchedulingActivitiesService,
    private readonly batches: BatchActivitiesService,
    private readonly reports: ReportActivitiesService,
    private readonly recounts: RecountActivitiesService,
  ) {}

  activities(): SchedulingActivities &
    DeadlineRecountActivities &
    BatchActivities &
    ReportActivities {
    return {
      ...this.scheduling.activities(),
      ...this.recounts.activities(),
      ...this.batches.activities(),
      ...this.reports.activities(),
    };
  }
}
