import { Logger } from '@nestjs/common';
import { temporal } from '@temporalio/proto';

import { taskQueueBacklog, taskQueueBacklogAge } from './metrics';

type WorkflowService = temporal.api.workflowservice.v1.WorkflowService;

/** A task queue and the kind of tasks in it a worker takes. */
export interface BacklogQueue {
  name: string;
  type: 'workflow' | 'activity';
}

const TaskQueueTypes = {
  workflow: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  activity: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
} as const;

const seconds = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  d ? Number(d.seconds ?? 0) + (d.nanos ?? 0) / 1e9 : 0;

/**
 * Asks the Temporal server at an interval how many tasks wait in the worker's task queues, and how
 * long the oldest has waited (DescribeTaskQueue with its statistics), into the backlog gauges. Every
 * process of a queue reports the same figures: the dashboard takes their maximum.
 */
export class TaskQueueBacklogPoller {
  private readonly logger = new Logger('TaskQueueBacklog');
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly service: WorkflowService,
    private readonly namespace: string,
    private readonly queues: readonly BacklogQueue[],
  ) {}

  start(intervalMs: number): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round: every queue asked; a failure is said once, until the server answers again. */
  async poll(): Promise<void> {
    try {
      for (const queue of this.queues) await this.describe(queue);
      if (this.failing) this.logger.log('task queue statistics answered again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(
          `task queue statistics unavailable: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      this.failing = true;
    }
  }

  private async describe(queue: BacklogQueue): Promise<void> {
    const response = await this.service.describeTaskQueue({
      namespace: this.namespace,
      taskQueue: {
        name: queue.name,
        kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
      },
      taskQueueType: TaskQueueTypes[queue.type],
      reportStats: true,
    });
    const labels = { task_queue: queue.name, task_type: queue.type };
    const stats = response.stats;
    // A server too old for the statistics answers without them: no figure rather than a false 0.
    if (!stats) return;
    taskQueueBacklog.set(labels, Number(stats.approximateBacklogCount ?? 0));
    taskQueueBacklogAge.set(labels, seconds(stats.approximateBacklogAge));
  }
}
