import { TaskQueues } from '@fanpin/contracts';
import { activityDatabase } from '@fanpin/persistence';
import { activityServiceMain } from '@fanpin/platform';

import { HttpNationalSystemAdapter } from './http-national-system.adapter';
import { ENTRY_PATHS, NationalEntryActivitiesService } from './national-entry.activities';
import { NATIONAL_SYSTEM } from './national-system.port';
import { settings } from './settings';

activityServiceMain('national-entry', settings, {
  database: activityDatabase,
  taskQueue: TaskQueues.nationalEntry,
  activities: NationalEntryActivitiesService,
  providers: (config) => [
    {
      provide: ENTRY_PATHS,
      useValue: {
        deployment: config.NATIONAL_ENTRY_PATH,
        townships: config.NATIONAL_ENTRY_TOWNSHIP_PATHS,
      },
    },
    {
      provide: NATIONAL_SYSTEM,
      useValue: new HttpNationalSystemAdapter(
        config.NATIONAL_SYSTEM_URL,
        config.NATIONAL_SYSTEM_TIMEOUT_MS,
      ),
    },
  ],
});
