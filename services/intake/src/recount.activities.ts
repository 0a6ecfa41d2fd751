import { heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Injectable, Logger } from '@nestjs/common';

import {
  deadlinesRecountedSignal,
  type DeadlineRecountActivities,
  type DeadlinesRecounted,
  type RecountPageCommand,
  type RecountPageResult,
} from '@fanpin/contracts';
import {
  CalendarYears,
  TasksRepository,
  type ProvisionalTaskRow,
  type RecountedDue,
} from '@fanpin/persistence';
import {
  CommandSigner,
  yearsReached,
  type ActivityProvider,
  type WorkingDayCalendar,
} from '@fanpin/platform';

import { IntakeTemporalClient } from './batch.activities';

/** How many cases one recount activity signals at once. */
const IN_FLIGHT = 16;

interface Recounted extends RecountedDue {
  caseId: string;
}

/**
 * The recount of provisional due dates, once a year's arrangement (放假调休) is entered: each page
 * of open tasks is counted again from what it was counted from, on the calendar as it is now; the
 * inbox rows change in one statement and each case is told its tasks' new dates.
 */
@Injectable()
export class RecountActivitiesService implements ActivityProvider {
  private readonly logger = new Logger(RecountActivitiesService.name);

  constructor(
    private readonly tasks: TasksRepository,
    private readonly calendars: CalendarYears,
    private readonly temporal: IntakeTemporalClient,
    private readonly signer: CommandSigner,
  ) {}

  activities(): DeadlineRecountActivities {
    return { recountProvisionalDeadlines: (command) => this.recountPage(command) };
  }

  async recountPage({ recount, after, limit }: RecountPageCommand): Promise<RecountPageResult> {
    const rows = await this.tasks.provisionalPage(after, limit);
    const calendar = await this.calendars.calendarOf(
      rows.flatMap((r) => (r.due_from && r.due_spec ? yearsReached(r.due_from, r.due_spec) : [])),
    );
    const changed = rows.flatMap((r) => recounted(r, calendar));
    if (changed.length > 0) await this.tasks.setRecountedDueDates(changed);
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
function recounted(row: ProvisionalTaskRow, calendar: WorkingDayCalendar): Recounted[] {
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
