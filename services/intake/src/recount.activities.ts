import { heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  deadlinesRecountedSignal,
  type DeadlineRecountActivities,
  type DeadlineSpec,
  type DeadlinesRecounted,
  type RecountPageCommand,
  type RecountPageResult,
} from '@fanpin/contracts';
import { CalendarYears } from '@fanpin/persistence';
import {
  CommandSigner,
  yearsReached,
  type ActivityProvider,
  type WorkingDayCalendar,
} from '@fanpin/platform';

import { IntakeTemporalClient } from './batch.activities';

/** How many cases one recount activity signals at once. */
const IN_FLIGHT = 16;

interface ProvisionalRow {
  run_id: string;
  case_id: string;
  task_id: string;
  due_at: Date | null;
  due_from: Date | null;
  due_spec: DeadlineSpec | null;
}

interface Recounted {
  runId: string;
  caseId: string;
  taskId: string;
  dueAt: string;
  provisional: boolean;
}

/** The open tasks whose due date was counted on weekdays only, a page at a time. */
const pageSql = `
  SELECT run_id, case_id, task_id, due_at, due_from, due_spec FROM tasks
  WHERE status = 'open' AND due_provisional
    AND ($1::uuid IS NULL OR (run_id, task_id) > ($1::uuid, $2::text))
  ORDER BY run_id, task_id LIMIT $3`;

/**
 * The new due dates in the inbox, in one statement. An escalation the new date undoes (it lies
 * ahead) is cleared: the case clears its own when it is told.
 */
const updateSql = `
  UPDATE tasks t SET due_at = date_trunc('milliseconds', n.due_at), due_provisional = n.provisional,
         escalated_to = CASE WHEN n.due_at > now() THEN NULL ELSE t.escalated_to END,
         updated_at = now()
  FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::boolean[])
       AS n(run_id, task_id, due_at, provisional)
  WHERE t.run_id = n.run_id AND t.task_id = n.task_id AND t.status = 'open'`;

/**
 * The recount of provisional due dates, once a year's arrangement (放假调休) is entered: each page
 * of open tasks is counted again from what it was counted from, on the calendar as it is now; the
 * inbox rows change in one statement and each case is told its tasks' new dates.
 */
@Injectable()
export class RecountActivitiesService implements ActivityProvider {
  private readonly logger = new Logger(RecountActivitiesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarYears,
    private readonly temporal: IntakeTemporalClient,
    private readonly signer: CommandSigner,
  ) {}

  activities(): DeadlineRecountActivities {
    return { recountProvisionalDeadlines: (command) => this.recountPage(command) };
  }

  async recountPage({ recount, after, limit }: RecountPageCommand): Promise<RecountPageResult> {
    const rows = await this.dataSource.query<ProvisionalRow[]>(pageSql, [
      after?.runId ?? null,
      after?.taskId ?? '',
      limit,
    ]);
    const calendar = await this.calendars.calendarOf(
      rows.flatMap((r) => (r.due_from && r.due_spec ? yearsReached(r.due_from, r.due_spec) : [])),
    );
    const changed = rows.flatMap((r) => recounted(r, calendar));
    if (changed.length > 0) {
      await this.dataSource.query(updateSql, [
        changed.map((c) => c.runId),
        changed.map((c) => c.taskId),
        changed.map((c) => c.dueAt),
        changed.map((c) => c.provisional),
      ]);
    }
    const casesTold = await this.tell(recount, changed);
    const last = rows.at(-1);
    return {
      examined: rows.length,
      changed: changed.length,
      casesTold,
      last: last ? { runId: last.run_id, taskId: last.task_id } : (after ?? null),
      done: rows.length < limit,
    };
  }

  /** Each case its tasks' new dates; a case closed meanwhile has nothing left to tell. */
  private async tell(recount: string, changed: Recounted[]): Promise<number> {
    const byCase = new Map<string, DeadlinesRecounted['tasks']>();
    for (const c of changed) {
      const tasks = byCase.get(c.caseId) ?? [];
      tasks.push({ taskId: c.taskId, dueAt: c.dueAt, provisional: c.provisional });
      byCase.set(c.caseId, tasks);
    }
    const client = await this.temporal.get();
    const cases = [...byCase];
    let next = 0;
    let told = 0;
    const work = async (): Promise<void> => {
      while (next < cases.length) {
        const [caseId, tasks] = cases[next++]!;
        try {
          await client.workflow
            .getHandle(caseId)
            .signal(
              deadlinesRecountedSignal,
              this.signer.sign(caseId, deadlinesRecountedSignal.name, { recount, tasks }),
            );
          told++;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          this.logger.log(`${caseId} closed before its recount reached it`);
        }
        if (told % 100 === 0) heartbeat(told);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, cases.length) }, work));
    return told;
  }
}

/** A task's due date counted again, when it differs from the one it has (or stops being provisional). */
function recounted(row: ProvisionalRow, calendar: WorkingDayCalendar): Recounted[] {
  if (!row.due_from || !row.due_spec) return [];
  const due = calendar.deadline(row.due_from, row.due_spec);
  const dueAt = due.at.toISOString();
  if (due.provisional && dueAt === row.due_at?.toISOString()) return [];
  return [
    {
      runId: row.run_id,
      caseId: row.case_id,
      taskId: row.task_id,
      dueAt,
      provisional: due.provisional,
    },
  ];
}
