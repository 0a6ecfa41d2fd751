import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type Provider,
  type Type,
} from '@nestjs/common';

import type { ConfigOf } from '../config/config';
import type { temporalSettings } from '../config/common';
import { HealthController } from '../health/health.controller';
import { healthProbes } from '../health/health.providers';
import { activityWorkerProviders, type ActivityProvider } from '../temporal/activity-worker';
import { TemporalWorkerHost } from '../temporal/worker-host';

type ActivityServiceConfig = ConfigOf<typeof temporalSettings> & { SHUTDOWN_GRACE_SECONDS: number };

export interface ActivityServiceOptions {
  config: ActivityServiceConfig;
  /** The task queue this service's worker polls. */
  taskQueue: string;
  /** The Nest provider whose `activities()` the worker runs. */
  activities: Type<ActivityProvider>;
  /**
   * The module that gives the activities their database (`PersistenceModule.forRoot(url)`), and
   * the probe of it that readiness asks: passed in, since the database lib builds on this one.
   */
  database: DynamicModule;
  databaseProbe: InjectionToken;
  /** What the activities need besides the database (adapters, clients). */
  providers?: Provider[];
}

/**
 * The shape every activity service shares: its database, one Temporal worker on the service's own
 * task queue, and health endpoints whose readiness checks both.
 */
@Module({})
export class ActivityServiceModule {
  static forRoot(options: ActivityServiceOptions): DynamicModule {
    const { config, taskQueue, activities, database, databaseProbe, providers = [] } = options;
    return {
      module: ActivityServiceModule,
      imports: [database],
      controllers: [HealthController],
      providers: [
        ...providers,
        ...activityWorkerProviders(config, taskQueue, activities),
        healthProbes(databaseProbe, TemporalWorkerHost),
      ],
    };
  }
}
