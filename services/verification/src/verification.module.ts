import { Module, type DynamicModule } from '@nestjs/common';

import { TaskQueues } from '@fanpin/contracts';
import { DatabaseProbe, PersistenceModule } from '@fanpin/persistence';
import {
  HealthController,
  TemporalWorkerHost,
  activityWorkerProviders,
  healthProbes,
  type ConfigOf,
} from '@fanpin/platform';

import { VerificationActivitiesService } from './verification.activities';
import type { settings } from './settings';

@Module({})
export class VerificationModule {
  static forRoot(config: ConfigOf<typeof settings>): DynamicModule {
    return {
      module: VerificationModule,
      imports: [PersistenceModule.forRoot(config.DATABASE_URL)],
      controllers: [HealthController],
      providers: [
        ...activityWorkerProviders(config, TaskQueues.verification, VerificationActivitiesService),
        healthProbes(DatabaseProbe, TemporalWorkerHost),
      ],
    };
  }
}
