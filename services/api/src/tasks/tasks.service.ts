import { Injectable } from '@nestjs/common';
import type { Request } from 'express';

import type { Actor, TaskPage } from '@fanpin/contracts';
import { CalendarYears, PiiCipher, TasksRepository, type InboxTaskRow } from '@fanpin/persistence';
import { nextReportCutoff } from '@fanpin/platform';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { accessDenied } from '../auth/auth.guard';
import type { TaskQueryDto } from './dto/task-query.dto';
import { headDisplay } from '../households/household-display';
import { inboxScope } from './inbox-scope';
import { decodeTaskCursor, encodeTaskCursor } from './task-cursor';
import { taskView } from './task-view';

/** The years between now and the page's due dates: the calendar must know them to count days left. */
function dueYears(rows: InboxTaskRow[], now: Date): number[] {
  const first = now.getUTCFullYear();
  const last = Math.max(first, ...rows.map((r) => (r.due_at ?? now).getUTCFullYear() + 1));
  return Array.from({ length: Math.min(last - first + 1, 10) }, (_, i) => first + i);
}

/** The task inbox (待办): what the workflows have opened for each level, read from PostgreSQL. */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly calendars: CalendarYears,
    private readonly audit: AuditLog,
    private readonly cipher: PiiCipher,
  ) {}

  async list(actor: Actor, q: TaskQueryDto, request: Request): Promise<TaskPage> {
    const scope = inboxScope(actor);
    if (!scope) {
      await this.audit.recordQuietly(
        { kind: AuditKinds.accessRefused, outcome: 'refused', actor, reason: 'NO_TASK_INBOX' },
        request,
      );
      throw accessDenied('your role has no task inbox');
    }
    const limit = q.limit ?? 100;
    const rows = await this.tasks.list(scope, {
      status: q.status ?? 'open',
      kind: q.kind ?? null,
      overdue: q.overdue === 'true',
      after: q.after === undefined ? null : decodeTaskCursor(q.after),
      limit: limit + 1,
      townshipCode: q.townshipCode ?? null,
      villageCode: q.villageCode ?? null,
      stage: q.stage ?? null,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next =
      rows.length > limit && last
        ? encodeTaskCursor({
            dueAt: last.due_at?.toISOString() ?? null,
            runId: last.run_id,
            taskId: last.task_id,
          })
        : null;
    const now = new Date();
    const calendar = await this.calendars.calendarOf(dueYears(page, now));
    return {
      tasks: page.map((row) => {
        const { headName, residentIdMasked } = headDisplay(this.cipher, actor, row);
        return taskView(row, now, calendar, { householdName: headName, residentIdMasked });
      }),
      next,
      nextReportCutoff: nextReportCutoff(now).toISOString(),
    };
  }
}
