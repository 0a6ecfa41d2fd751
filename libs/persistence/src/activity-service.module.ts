import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';

import {
  HealthController,
  TemporalWorkerHost,
  activityWorkerProviders,
  healthProbes,
  type ActivityProvider,
  type ConfigOf,
  type databaseSettings,
  type temporalSettings,
} from '@fanpin/platform';

import { DatabaseProbe, PersistenceModule } from './persistence.module';

type ActivityServiceConfig = ConfigOf<typeof temporalSettings> &
  ConfigOf<typeof databaseSettings> & { SHUTDOWN_GRACE_SECONDS: number };

export interface ActivityServiceOptions {
  config: ActivityServiceConfig;
  /** The task queue this service's worker polls. */
  taskQueue: string;
  /** The Nest provider whose `activities()` the worker runs. */
  activities: Type<ActivityProvider>;
  /** What the activities need besides the database (adapters, clients). */
  providers?: Provider[];
}

/**
 * The shape every activity service shares: PostgreSQL, one Temporal worker on the service's own task
 * queue, and health endpoints whose readiness checks both.
 */
@Module({})
export class ActivityServiceModule {
  static forRoot(options: ActivityServiceOptions): DynamicModule {
    const { config, taskQueue, activities, providers = [] } = options;
    return {
      module: ActivityServiceModule,
      imports: [PersistenceModule.forRoot(config.DATABASE_URL)],
      controllers: [HealthController],
      providers: [
        ...providers,
        ...activityWorkerProviders(config, taskQueue, activities),
        healthProbes(DatabaseProbe, TemporalWorkerHost),
      ],
    };
  }
}
