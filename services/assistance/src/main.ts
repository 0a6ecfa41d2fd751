import { TaskQueues } from '@fanpin/contracts';
import { ActivityServiceModule } from '@fanpin/persistence';
import { main } from '@fanpin/platform';

import { AssistanceActivitiesService } from './assistance.activities';
import { settings } from './settings';

main({
  name: 'assistance',
  settings,
  module: (config) =>
    ActivityServiceModule.forRoot({
      config,
      taskQueue: TaskQueues.assistance,
      activities: AssistanceActivitiesService,
    }),
  temporalWorker: true,
});
