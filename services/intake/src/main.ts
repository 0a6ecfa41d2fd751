import { TaskQueues } from '@fanpin/contracts';
import { activityDatabase } from '@fanpin/persistence';
import { activityServiceMain, CommandSigner } from '@fanpin/platform';

import { BatchActivitiesService, IntakeTemporalClient } from './batch.activities';
import { SchedulingActivitiesService } from './scheduling.activities';
import { IntakeWorkerActivities } from './intake-worker.activities';
import { RecountActivitiesService } from './recount.activities';
import { ReportActivitiesService } from './reports/report.activities';
import { settings } from './settings';

activityServiceMain('intake', settings, {
  database: activityDatabase,
  taskQueue: TaskQueues.intake,
  activities: IntakeWorkerActivities,
  providers: (config) => [
    SchedulingActivitiesService,
    BatchActivitiesService,
    ReportActivitiesService,
    RecountActivitiesService,
    { provide: IntakeTemporalClient, useFactory: () => new IntakeTemporalClient(config) },
    { provide: CommandSigner, useValue: new CommandSigner(config.COMMAND_SIGNING_KEY) },
  ],
});
