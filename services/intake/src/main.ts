import { TaskQueues } from '@fanpin/contracts';
import { ActivityServiceModule } from '@fanpin/persistence';
import { main } from '@fanpin/platform';

import { IntakeActivitiesService } from './intake.activities';
import { settings } from './settings';

main({
  name: 'intake',
  settings,
  module: (config) =>
    ActivityServiceModule.forRoot({
      config,
      taskQueue: TaskQueues.intake,
      activities: IntakeActivitiesService,
    }),
  temporalWorker: true,
});
