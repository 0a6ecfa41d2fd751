import type { Provider, Type } from '@nestjs/common';

import type { ConfigOf } from '../config/config';
import type { temporalSettings } from '../config/common';
import { sanitizingInterceptors } from './error-sanitizer';
import { temporalDataConverter } from './payload-codec';
import { payloadCodecKeys } from './payload-keys';
import { temporalAccess } from './temporal-access';
import { TemporalWorkerHost, WORKER_SETTINGS, type WorkerSettings } from './worker-host';

/** A Nest provider that hands its activities to the worker as a plain object. */
export interface ActivityProvider {
  activities(): object;
}

type WorkerConfig = ConfigOf<typeof temporalSettings> & { SHUTDOWN_GRACE_SECONDS: number };

/** Worker settings from the validated configuration, with the encrypting data converter. */
export function workerSettings(
  config: WorkerConfig,
  options: WorkerSettings['options'],
): WorkerSettings {
  return {
    access: temporalAccess(config, `worker:${options.taskQueue}`),
    shutdownGraceSeconds: config.SHUTDOWN_GRACE_SECONDS,
    dataConverter: temporalDataConverter(payloadCodecKeys(config)),
    options,
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
          interceptors: sanitizingInterceptors,
        }),
      inject: [activitiesClass],
    },
    TemporalWorkerHost,
  ];
}
