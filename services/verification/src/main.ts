import { TaskQueues } from '@fanpin/contracts';
import { ActivityServiceModule, PiiCipher } from '@fanpin/persistence';
import { main } from '@fanpin/platform';

import { VerificationActivitiesService } from './verification.activities';
import { settings } from './settings';

main({
  name: 'verification',
  settings,
  module: (config) =>
    ActivityServiceModule.forRoot({
      config,
      taskQueue: TaskQueues.verification,
      activities: VerificationActivitiesService,
      providers: [{ provide: PiiCipher, useValue: new PiiCipher(config.PII_ENCRYPTION_KEY) }],
    }),
  temporalWorker: true,
});
