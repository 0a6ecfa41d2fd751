import { TaskQueues } from '@fanpin/contracts';
import { activityDatabase, PiiCipher } from '@fanpin/persistence';
import { activityServiceMain } from '@fanpin/platform';

import { VerificationActivitiesService } from './verification.activities';
import { settings } from './settings';

activityServiceMain('verification', settings, {
  database: activityDatabase,
  taskQueue: TaskQueues.verification,
  activities: VerificationActivitiesService,
  providers: (config) => [
    { provide: PiiCipher, useValue: new PiiCipher(config.PII_ENCRYPTION_KEY) },
  ],
});
