import { existsSync } from 'node:fs';

import { Module, type DynamicModule } from '@nestjs/common';

import { TaskQueues } from '@fanpin/contracts';
import {
  HealthController,
  TemporalWorkerHost,
  WORKER_SETTINGS,
  healthProbes,
  workerSettings,
  type ConfigOf,
} from '@fanpin/platform';

import type { settings } from './settings';

/** Runs the workflow code, from the pre-built bundle, on the household-case task queue. */
@Module({})
export class WorkflowWorkerModule {
  static forRoot(config: ConfigOf<typeof settings>): DynamicModule {
    if (!existsSync(config.WORKFLOW_BUNDLE_PATH)) {
      throw new Error(`no workflow bundle at ${config.WORKFLOW_BUNDLE_PATH}: run npm run build`);
    }
    return {
      module: WorkflowWorkerModule,
      controllers: [HealthController],
      providers: [
        {
          provide: WORKER_SETTINGS,
          useValue: workerSettings(config, {
            taskQueue: TaskQueues.householdCase,
            workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH },
            maxCachedWorkflows: config.MAX_CACHED_WORKFLOWS,
          }),
        },
        TemporalWorkerHost,
        healthProbes(TemporalWorkerHost),
      ],
    };
  }
}
