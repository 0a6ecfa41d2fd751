import { existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

import { Logger, Module, type DynamicModule } from '@nestjs/common';

import { TaskQueues } from '@fanpin/contracts';
import { DatabaseProbe, PersistenceModule } from '@fanpin/persistence';
import {
  HealthController,
  TemporalWorkerHost,
  WORKER_SETTINGS,
  commandKeyActivities,
  commandKeys,
  healthProbes,
  workerSettings,
  type ConfigOf,
} from '@fanpin/platform';

import { CaseOpeningActivitiesService } from './case-opening.activities';
import type { settings } from './settings';

/** What one cached workflow costs the worker, rounded up from the bench's 271–287 KiB. */
export const cachedWorkflowKiB = 300;

/** Heap a full cache of `maxCachedWorkflows` needs, in MiB, beside the worker's own (~200 MiB). */
export function heapNeededMiB(maxCachedWorkflows: number): number {
  return Math.ceil(200 + (maxCachedWorkflows * cachedWorkflowKiB) / 1024);
}

/** Says so at start when a full cache would not fit in this process's heap limit. */
function checkHeapForCache(maxCachedWorkflows: number): void {
  const limitMiB = Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
  const neededMiB = heapNeededMiB(maxCachedWorkflows);
  if (neededMiB > limitMiB) {
    new Logger('WorkflowWorker').warn(
      `MAX_CACHED_WORKFLOWS=${maxCachedWorkflows} needs about ${neededMiB} MiB of heap, the limit is ${limitMiB} MiB: start node with --max-old-space-size=${Math.ceil(neededMiB * 1.5)} (room for the garbage collector) or lower MAX_CACHED_WORKFLOWS`,
    );
  }
}

/**
 * Runs the workflow code, from the pre-built bundle, on the household-case task queue, and the
 * local activities it calls: the trusted command keys, and the opening of a case.
 */
@Module({})
export class WorkflowWorkerModule {
  static forRoot(config: ConfigOf<typeof settings>): DynamicModule {
    if (!existsSync(config.WORKFLOW_BUNDLE_PATH)) {
      throw new Error(`no workflow bundle at ${config.WORKFLOW_BUNDLE_PATH}: run npm run build`);
    }
    checkHeapForCache(config.MAX_CACHED_WORKFLOWS);
    if (config.COMMAND_VERIFYING_KEYS.length === 0) {
      // Without a trusted key every staff decision would be refused: refuse to start instead.
      throw new Error('COMMAND_VERIFYING_KEYS is required: the public key of the API');
    }
    const keys = commandKeyActivities(commandKeys(config.COMMAND_VERIFYING_KEYS));
    return {
      module: WorkflowWorkerModule,
      imports: [PersistenceModule.forRoot(config.DATABASE_URL)],
      controllers: [HealthController],
      providers: [
        CaseOpeningActivitiesService,
        {
          provide: WORKER_SETTINGS,
          useFactory: (opening: CaseOpeningActivitiesService) =>
            workerSettings(config, {
              taskQueue: TaskQueues.householdCase,
              workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH },
              activities: { ...keys, ...opening.activities() },
              // Local activities only: no poller waits for activity tasks on this queue.
              enableNonLocalActivities: false,
              maxCachedWorkflows: config.MAX_CACHED_WORKFLOWS,
              workflowThreadPoolSize: config.WORKFLOW_THREADS,
              stickyQueueScheduleToStartTimeout: config.STICKY_QUEUE_TIMEOUT_SECONDS * 1000,
            }),
          inject: [CaseOpeningActivitiesService],
        },
        TemporalWorkerHost,
        healthProbes(DatabaseProbe, TemporalWorkerHost),
      ],
    };
  }
}
