import { TaskQueues } from '@fanpin/contracts';
import { activityDatabase } from '@fanpin/persistence';
import { activityServiceMain } from '@fanpin/platform';

import { AssistanceActivitiesService } from './assistance.activities';
import { settings } from './settings';

activityServiceMain('assistance', settings, {
  database: activityDatabase,
  taskQueue: TaskQueues.assistance,
  activities: AssistanceActivitiesService,
});
