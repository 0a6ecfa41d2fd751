import { TaskQueues } from '@fanpin/contracts';
import { DatabaseProbe, PersistenceModule } from '@fanpin/persistence';
import { ActivityServiceModule, CommandSigner, main } from '@fanpin/platform';

import { BatchActivitiesService, IntakeTemporalClient } from './batch.activities';
import { IntakeActivitiesService } from './intake.activities';
import { IntakeWorkerActivities } from './intake-worker.activities';
import { RecountActivitiesService } from './recount.activities';
import { ReportActivitiesService } from './reports/report.activities';
import { settings } from './settings';

main({
  name: 'intake',
  settings,
  module: (config) =>
    ActivityServiceModule.forRoot({
      config,
      database: PersistenceModule.forRoot(config.DATABASE_URL),
      databaseProbe: DatabaseProbe,
      taskQueue: TaskQueues.intake,
      activities: IntakeWorkerActivities,
      providers: [
        IntakeActivitiesService,
        BatchActivitiesService,
        ReportActivitiesService,
        RecountActivitiesService,
        { provide: IntakeTemporalClient, useFactory: () => new IntakeTemporalClient(config) },
        { provide: CommandSigner, useValue: new CommandSigner(config.COMMAND_SIGNING_KEY) },
      ],
    }),
  temporalWorker: true,
});
