import type { Provider, Type } from '@nestjs/common';

import type { ConfigOf } from '../config/config';
import type { temporalSettings } from '../config/common';
import { workerInterceptors } from './interceptors';
import { temporalDataConverter } from './payload-codec';
import { payloadCodecKeys } from './payload-keys';
import { temporalAccess } from './temporal-access';
import { TemporalWorkerHost, WORKER_SETTINGS, type WorkerSettings } from './worker-host';

/** A Nest provider that hands its activities to the worker as a plain object. */
export interface ActivityProvider {
  activities(): object;
}

type WorkerConfig = ConfigOf<typeof temporalSettings> & {
  SHUTDOWN_GRACE_SECONDS: number;
  METRICS_PORT: number;
};

/**
 * Worker settings from the validated configuration, with the encrypting data converter and the
 * interceptors every worker runs (metrics, correlation, tracing, sanitized errors).
 */
export function workerSettings(
  config: WorkerConfig,
  options: WorkerSettings['options'],
): WorkerSettings {
  const dataConverter = temporalDataConverter(payloadCodecKeys(config));
  return {
    access: temporalAccess(config, `worker:${options.taskQueue}`),
    shutdownGraceSeconds: config.SHUTDOWN_GRACE_SECONDS,
    dataConverter,
    // The backlog is asked for only when there is a /metrics to show it on.
    backlogIntervalMs:
      config.METRICS_PORT > 0 ? config.TASK_QUEUE_STATS_INTERVAL_SECONDS * 1000 : 0,
    options: { interceptors: workerInterceptors(dataConverter), ...options },
  };
}

/** The providers of a service that hosts the activities of `activitiesClass` on `taskQueue`. */
export function activityWorkerProviders(
  config: WorkerConfig,
  taskQueue: string,
  activitiesClass: Type<ActivityProvider>,
): Provider[] {
  return [
    activitiesClass,
    {
      provide: WORKER_SETTINGS,
      useFactory: (provider: ActivityProvider) =>
        workerSettings(config, {
          taskQueue,
          activities: provider.activities(),
        }),
      inject: [activitiesClass],
    },
    TemporalWorkerHost,
  ];
}
