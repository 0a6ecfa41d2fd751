import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';

import type { HealthProbe } from '../health/health-probe';
import { TaskQueueBacklogPoller, type BacklogQueue } from '../observability/task-queue-backlog';
import { workflowSpanSinks } from '../observability/tracing';
import { nativeConnectionOptions, renewNativeToken, type TemporalAccess } from './temporal-access';

export const WORKER_SETTINGS = Symbol('WORKER_SETTINGS');

/** What a service's worker runs: its task queue and either activities or a workflow bundle. */
export interface WorkerSettings {
  access: TemporalAccess;
  shutdownGraceSeconds: number;
  /** Encrypts payloads and failures: see `temporalDataConverter`. */
  dataConverter: DataConverter;
  /** How often the task queue's backlog is asked for the metrics, in ms; 0: never. */
  backlogIntervalMs: number;
  options: Omit<WorkerOptions, 'connection' | 'namespace' | 'shutdownGraceTime' | 'dataConverter'>;
}

/**
 * Runs one Temporal worker for the lifetime of the Nest application: it starts polling once the
 * application is bootstrapped, and on SIGTERM stops polling, lets in-flight tasks finish within the
 * grace time, then closes its connection.
 */
@Injectable()
export class TemporalWorkerHost
  implements OnApplicationBootstrap, OnApplicationShutdown, HealthProbe
{
  readonly name = 'temporal-worker';
  private readonly logger = new Logger(TemporalWorkerHost.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private stopRenewing?: () => void;
  private backlog?: TaskQueueBacklogPoller;

  constructor(@Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings) {}

  async onApplicationBootstrap(): Promise<void> {
    const { access, shutdownGraceSeconds, dataConverter, options } = this.settings;
    const runsWorkflows =
      options.workflowBundle !== undefined || options.workflowsPath !== undefined;
    this.connection = await NativeConnection.connect(nativeConnectionOptions(access));
    this.stopRenewing = renewNativeToken(this.connection, access);
    this.worker = await Worker.create({
      ...options,
      // The workflows hand their spans to the worker through this sink (traced runs only).
      ...(runsWorkflows ? { sinks: { ...workflowSpanSinks(), ...options.sinks } } : {}),
      connection: this.connection,
      namespace: access.namespace,
      dataConverter,
      shutdownGraceTime: `${shutdownGraceSeconds} seconds`,
    });
    this.running = this.worker.run();
    this.running.catch((error: unknown) => {
      this.logger.error(`worker stopped with an error: ${String(error)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log(`worker polling task queue ${options.taskQueue}`);
    if (this.settings.backlogIntervalMs > 0) {
      const queues: BacklogQueue[] = [
        ...(runsWorkflows ? [{ name: options.taskQueue, type: 'workflow' as const }] : []),
        // A worker of local activities only has no activity queue of its own.
        ...(options.activities && options.enableNonLocalActivities !== false
          ? [{ name: options.taskQueue, type: 'activity' as const }]
          : []),
      ];
      this.backlog = new TaskQueueBacklogPoller(
        this.connection.workflowService,
        access.namespace,
        queues,
      );
      this.backlog.start(this.settings.backlogIntervalMs);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.backlog?.stop();
    if (this.worker?.getState() === 'RUNNING') {
      this.worker.shutdown();
    }
    await this.running?.catch(() => undefined);
    this.stopRenewing?.();
    await this.connection?.close();
    this.logger.log('worker drained and closed');
  }

  check(): Promise<boolean> {
    return Promise.resolve(this.worker?.getState() === 'RUNNING');
  }
}
