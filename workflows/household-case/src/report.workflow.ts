import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';

import {
  TaskQueues,
  type ProducedReport,
  type ReportActivities,
  type ReportWorkflowInput,
  type ReportWorkflowResult,
} from '@fanpin/contracts';
import { lastReportPeriod } from '@fanpin/domain';

const reports = proxyActivities<ReportActivities>({
  taskQueue: TaskQueues.intake,
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Reports taken at once: the townships' half-monthly reports are a dozen small queries. */
const IN_FLIGHT = 4;

/**
 * One run of a periodic report (half-monthly, bureau data exchange, yearly scale-risk judgement),
 * started by its Schedule: the period is the last one that ended before the time the Schedule fired
 * for, so a run that starts late, or a backfill, reports on the right period. Each scope's report is
 * produced once; a retried or repeated run finds it and adds nothing.
 */
export async function periodicReport(input: ReportWorkflowInput): Promise<ReportWorkflowResult> {
  const period = input.period ?? lastReportPeriod(input.kind, scheduledFor());
  const scopes = await reports.reportScopes({ kind: input.kind });
  const produced: ProducedReport[] = [];
  for (let i = 0; i < scopes.length; i += IN_FLIGHT) {
    const batch = scopes.slice(i, i + IN_FLIGHT);
    produced.push(
      ...(await Promise.all(
        batch.map((scope) => reports.produceReport({ kind: input.kind, scope, period })),
      )),
    );
  }
  return { kind: input.kind, period, reports: produced };
}

/**
 * What the Schedules start: one workflow type per kind and no arguments, so a Schedule holds no
 * encoded payload (nothing to re-encode when the payload key is rotated).
 */
export const halfMonthlyReport = (): Promise<ReportWorkflowResult> =>
  periodicReport({ kind: 'half-monthly' });
export const bureauExchangeReport = (): Promise<ReportWorkflowResult> =>
  periodicReport({ kind: 'bureau-exchange' });
export const scaleRiskReport = (): Promise<ReportWorkflowResult> =>
  periodicReport({ kind: 'scale-risk' });

/** Set by the server on every run a Schedule starts (backfills included). */
const ScheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/** The time a Schedule started this run for, else the run's start. */
function scheduledFor(): Date {
  const info = workflowInfo();
  return info.typedSearchAttributes.get(ScheduledStartTime) ?? info.runStartTime;
}
