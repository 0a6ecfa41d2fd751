import { TaskQueues } from '@fanpin/contracts';
import { DatabaseProbe, PersistenceModule } from '@fanpin/persistence';
import { ActivityServiceModule, main } from '@fanpin/platform';

import { AssistanceActivitiesService } from './assistance.activities';
import { settings } from './settings';

main({
  name: 'assistance',
  settings,
  module: (config) =>
    ActivityServiceModule.forRoot({
      config,
      database: PersistenceModule.forRoot(config.DATABASE_URL),
      databaseProbe: DatabaseProbe,
      taskQueue: TaskQueues.assistance,
      activities: AssistanceActivitiesService,
    }),
  temporalWorker: true,
});
