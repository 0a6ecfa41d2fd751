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

import { AssistanceActivitiesService } from './assistance.activities';
import type { settings } from './settings';

@Module({})
export class AssistanceModule {
  static forRoot(config: ConfigOf<typeof settings>): DynamicModule {
    return {
      module: AssistanceModule,
      imports: [PersistenceModule.forRoot(config.DATABASE_URL)],
      controllers: [HealthController],
      providers: [
        ...activityWorkerProviders(config, TaskQueues.assistance, AssistanceActivitiesService),
        healthProbes(DatabaseProbe, TemporalWorkerHost),
      ],
    };
  }
}
