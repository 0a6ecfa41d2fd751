import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  Client,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type ScheduleOptions,
  type ScheduleSpec,
} from '@temporalio/client';

import {
  ReportScheduleIds,
  ReportWorkflowTypes,
  TaskQueues,
  type ReportKind,
} from '@fanpin/contracts';

import { API_CONFIG, type ApiConfig } from '../settings';

const TIME_ZONE = 'Asia/Shanghai';
const RETRY_MS = 30_000;

/**
 * When each report is taken, in China Standard Time:
 * - half-monthly: just after each cut-off, on the 16th and the 1st (the cut-off is the end of the
 *   15th and of the month's last day), once the cases waiting for it have recorded their report;
 * - bureau exchange: on the 1st of every odd month, for the two months before (at least every two
 *   months, plan §4.2.3);
 * - scale-risk: on the 1st of January, for the year before (at least once a year, plan §6.2).
 */
export function reportScheduleSpec(kind: ReportKind, graceMinutes: number): ScheduleSpec {
  if (kind === 'half-monthly') {
    return {
      calendars: [{ dayOfMonth: [1, 16], hour: 0, minute: graceMinutes, comment: '半月报' }],
      timezone: TIME_ZONE,
    };
  }
  if (kind === 'bureau-exchange') {
    return {
      calendars: [
        {
          month: ['JANUARY', 'MARCH', 'MAY', 'JULY', 'SEPTEMBER', 'NOVEMBER'],
          dayOfMonth: 1,
          hour: 1,
          comment: '行业部门数据交换',
        },
      ],
      timezone: TIME_ZONE,
    };
  }
  return {
    calendars: [{ month: 'JANUARY', dayOfMonth: 1, hour: 2, comment: '规模性返贫风险研判' }],
    timezone: TIME_ZONE,
  };
}

function scheduleOptions(kind: ReportKind, graceMinutes: number): ScheduleOptions {
  return {
    scheduleId: ReportScheduleIds[kind],
    spec: reportScheduleSpec(kind, graceMinutes),
    action: {
      type: 'startWorkflow',
      // No arguments: the Schedule holds no encoded payload, whatever the payload key.
      workflowType: ReportWorkflowTypes[kind],
      args: [],
      taskQueue: TaskQueues.householdCase,
      workflowId: ReportScheduleIds[kind],
      workflowExecutionTimeout: '1 day',
    },
    // A server down over a cut-off still takes the report when it is back, within a month; runs
    // that would overlap wait for the one before.
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '30 days' },
  };
}

/**
 * Makes sure the report Schedules exist and say what this version says (spec and action), when the
 * API starts; every API replica does the same, to the same effect. Temporal unreachable at start: it
 * tries again in the background until it succeeds.
 */
@Injectable()
export class ReportSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportSchedules.name);
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly client: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REPORT_SCHEDULES === 'ensure') void this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async attempt(): Promise<void> {
    try {
      await this.ensure();
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(
        `report schedules not ensured (${error instanceof Error ? error.name : 'error'}); retrying`,
      );
      this.retry = setTimeout(() => void this.attempt(), RETRY_MS);
      this.retry.unref();
    }
  }

  async ensure(): Promise<void> {
    for (const kind of Object.keys(ReportScheduleIds) as ReportKind[]) {
      const options = scheduleOptions(kind, this.config.REPORT_GRACE_MINUTES);
      try {
        await this.client.schedule.create(options);
        this.logger.log(`schedule ${options.scheduleId} created`);
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await this.client.schedule.getHandle(options.scheduleId).update((previous) => ({
          ...previous,
          spec: options.spec,
          action: options.action,
          policies: { ...previous.policies, ...options.policies },
        }));
      }
    }
  }
}
