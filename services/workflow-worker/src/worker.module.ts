import { existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

import {
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { TaskQueues, type CaseOpeningActivities } from '@fanpin/contracts';
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

import type * as Opening from './case-opening.activities';
import type { settings } from './settings';

type Connected = Awaited<ReturnType<typeof Opening.connectCaseOpening>>;

/**
 * The opening of cases, with the persistence layer and its connection loaded on the first case
 * this worker opens: the worker polls without waiting for them (some 170 ms of its start), and
 * runs the cases it has while the database is away.
 */
@Injectable()
export class CaseOpening implements OnApplicationShutdown {
  private connected?: Promise<Connected>;

  constructor(private readonly databaseUrl: string) {}

  activities(): CaseOpeningActivities {
    return { openCase: async (command) => (await this.connect()).service.openCase(command) };
  }

  private connect(): Promise<Connected> {
    if (!this.connected) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { connectCaseOpening } = require('./case-opening.activities') as typeof Opening;
      this.connected = connectCaseOpening(this.databaseUrl);
      // A database that was away: the local activity's retry connects again.
      this.connected.catch(() => (this.connected = undefined));
    }
    return this.connected;
  }

  async onApplicationShutdown(): Promise<void> {
    await (await this.connected?.catch(() => undefined))?.close();
  }
}

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
      controllers: [HealthController],
      providers: [
        { provide: CaseOpening, useValue: new CaseOpening(config.DATABASE_URL) },
        {
          provide: WORKER_SETTINGS,
          useFactory: (opening: CaseOpening) =>
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
          inject: [CaseOpening],
        },
        TemporalWorkerHost,
        healthProbes(TemporalWorkerHost),
      ],
    };
  }
}
