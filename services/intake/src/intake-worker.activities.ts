import { Injectable } from '@nestjs/common';

import type {
  BatchActivities,
  IntakeActivities,
  ReportActivities,
  SchedulingActivities,
} from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

import { BatchActivitiesService } from './batch.activities';
import { IntakeActivitiesService } from './intake.activities';
import { ReportActivitiesService } from './reports/report.activities';

/**
 * Everything the intake worker runs: opening cases, calendar arithmetic, bureau batches and the
 * periodic reports on what came in.
 */
@Injectable()
export class IntakeWorkerActivities implements ActivityProvider {
  constructor(
    private readonly intake: IntakeActivitiesService,
    private readonly batches: BatchActivitiesService,
    private readonly reports: ReportActivitiesService,
  ) {}

  activities(): IntakeActivities & SchedulingActivities & BatchActivities & ReportActivities {
    return {
      ...this.intake.activities(),
      ...this.batches.activities(),
      ...this.reports.activities(),
    };
  }
}
