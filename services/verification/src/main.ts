import { TaskQueues } from '@fanpin/contracts';
import { DatabaseProbe, PersistenceModule, PiiCipher } from '@fanpin/persistence';
import { ActivityServiceModule, main } from '@fanpin/platform';

import { VerificationActivitiesService } from './verification.activities';
import { settings } from './settings';

main({
  name: 'verification',
  settings,
  module: (config) =>
    ActivityServiceModule.forRoot({
      config,
      database: PersistenceModule.forRoot(config.DATABASE_URL),
      databaseProbe: DatabaseProbe,
      taskQueue: TaskQueues.verification,
      activities: VerificationActivitiesService,
      providers: [{ provide: PiiCipher, useValue: new PiiCipher(config.PII_ENCRYPTION_KEY) }],
    }),
  temporalWorker: true,
});
