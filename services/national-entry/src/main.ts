import { TaskQueues } from '@fanpin/contracts';
import { activityDatabase } from '@fanpin/persistence';
import { activityServiceMain } from '@fanpin/platform';

import { HttpNationalSystemAdapter } from './http-national-system.adapter';
import { NationalEntryActivitiesService } from './national-entry.activities';
import { NATIONAL_SYSTEM } from './national-system.port';
import { settings } from './settings';

activityServiceMain('national-entry', settings, {
  database: activityDatabase,
  taskQueue: TaskQueues.nationalEntry,
  activities: NationalEntryActivitiesService,
  providers: (config) => [
    {
      provide: NATIONAL_SYSTEM,
      useValue: new HttpNationalSystemAdapter(
        config.NATIONAL_SYSTEM_URL,
        config.NATIONAL_SYSTEM_TIMEOUT_MS,
      ),
    },
  ],
});
