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

import { HttpNationalSystemAdapter } from './http-national-system.adapter';
import { NationalEntryActivitiesService } from './national-entry.activities';
import { NATIONAL_SYSTEM } from './national-system.port';
import type { settings } from './settings';

@Module({})
export class NationalEntryModule {
  static forRoot(config: ConfigOf<typeof settings>): DynamicModule {
    return {
      module: NationalEntryModule,
      imports: [PersistenceModule.forRoot(config.DATABASE_URL)],
      controllers: [HealthController],
      providers: [
        {
          provide: NATIONAL_SYSTEM,
          useValue: new HttpNationalSystemAdapter(
            config.NATIONAL_SYSTEM_URL,
            config.NATIONAL_SYSTEM_TIMEOUT_MS,
          ),
        },
        ...activityWorkerProviders(
          config,
          TaskQueues.nationalEntry,
          NationalEntryActivitiesService,
        ),
        healthProbes(DatabaseProbe, TemporalWorkerHost),
      ],
    };
  }
}
