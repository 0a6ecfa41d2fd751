import { TaskQueues } from '@fanpin/contracts';
import { DatabaseProbe, PersistenceModule } from '@fanpin/persistence';
import { ActivityServiceModule, main } from '@fanpin/platform';

import { HttpNationalSystemAdapter } from './http-national-system.adapter';
import { ENTRY_PATHS, NationalEntryActivitiesService } from './national-entry.activities';
import { NATIONAL_SYSTEM } from './national-system.port';
import { settings } from './settings';

main({
  name: 'national-entry',
  settings,
  module: (config) =>
    ActivityServiceModule.forRoot({
      config,
      database: PersistenceModule.forRoot(config.DATABASE_URL),
      databaseProbe: DatabaseProbe,
      taskQueue: TaskQueues.nationalEntry,
      activities: NationalEntryActivitiesService,
      providers: [
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
    }),
  temporalWorker: true,
});
