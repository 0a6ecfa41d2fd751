import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type Provider,
  type Type,
} from '@nestjs/common';

import { main } from '../bootstrap/run-service';
import type { commonSettings, databaseSettings, temporalSettings } from '../config/common';
import type { ConfigOf } from '../config/config';
import { HealthController } from '../health/health.controller';
import { healthProbes } from '../health/health.providers';
import { activityWorkerProviders, type ActivityProvider } from '../temporal/activity-worker';
import { TemporalWorkerHost } from '../temporal/worker-host';

type ActivityServiceConfig = ConfigOf<typeof temporalSettings> & {
  SHUTDOWN_GRACE_SECONDS: number;
  METRICS_PORT: number;
};

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

/** The database lib's module for a URL, and the probe readiness asks (that lib builds on this one). */
export interface ActivityDatabase {
  module(url: string): DynamicModule;
  probe: InjectionToken;
}

type ActivitySettings = ReturnType<typeof commonSettings> &
  typeof temporalSettings &
  typeof databaseSettings;

/** What sets one activity service apart; the rest of its `main.ts` is the same for every one. */
export interface ActivityServiceDefinition<S extends ActivitySettings> extends Omit<
  ActivityServiceOptions,
  'config' | 'database' | 'databaseProbe' | 'providers'
> {
  database: ActivityDatabase;
  /** What the activities need besides the database, built from the validated configuration. */
  providers?: (config: ConfigOf<S>) => Provider[];
}

/** Runs an activity service (its `main.ts`): its settings, database, worker and health endpoints. */
export function activityServiceMain<S extends ActivitySettings>(
  name: string,
  settings: S,
  definition: ActivityServiceDefinition<S>,
): void {
  const { database, providers, ...worker } = definition;
  main({
    name,
    settings,
    module: (config) => {
      // S holds these settings, so its configuration holds their values.
      const shared = config as ConfigOf<ActivitySettings>;
      return ActivityServiceModule.forRoot({
        ...worker,
        config: shared,
        database: database.module(shared.DATABASE_URL),
        databaseProbe: database.probe,
        providers: providers?.(config),
      });
    },
    temporalWorker: true,
  });
}
