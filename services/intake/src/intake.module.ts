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

import { IntakeActivitiesService } from './intake.activities';
import type { intakeSettings } from './settings';

@Module({})
export class IntakeModule {
  static forRoot(config: ConfigOf<typeof intakeSettings>): DynamicModule {
    return {
      module: IntakeModule,
      imports: [PersistenceModule.forRoot(config.DATABASE_URL)],
      controllers: [HealthController],
      providers: [
        ...activityWorkerProviders(config, TaskQueues.intake, IntakeActivitiesService),
        healthProbes(DatabaseProbe, TemporalWorkerHost),
      ],
    };
  }
}
