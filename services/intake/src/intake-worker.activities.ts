import { Injectable } from '@nestjs/common';

import type { BatchActivities, IntakeActivities, SchedulingActivities } from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

import { BatchActivitiesService } from './batch.activities';
import { IntakeActivitiesService } from './intake.activities';

/** Everything the intake worker runs: opening cases, calendar arithmetic, bureau batches. */
@Injectable()
export class IntakeWorkerActivities implements ActivityProvider {
  constructor(
    private readonly intake: IntakeActivitiesService,
    private readonly batches: BatchActivitiesService,
  ) {}

  activities(): IntakeActivities & SchedulingActivities & BatchActivities {
    return { ...this.intake.activities(), ...this.batches.activities() };
  }
}
