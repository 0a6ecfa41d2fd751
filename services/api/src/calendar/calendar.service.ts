import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Request } from 'express';

import {
  ErrorCodes,
  WorkflowTypes,
  type Actor,
  type CalendarEntry,
  type CalendarView,
  type CalendarYearForm,
  type DeadlineRecountInput,
} from '@fanpin/contracts';
import { CalendarYears, isUniqueViolation } from '@fanpin/persistence';
import {
  WorkingDayCalendar,
  calendarCoverage,
  differencesFromPackage,
  missingArrangementWarning,
  type HealthProbe,
} from '@fanpin/platform';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { ApiError } from '../errors/api-error';
import { startOnce } from '../temporal/start-once';

/** At most this many differing dates are named in a refusal. */
const NAMED = 10;

/** Entries of one year at once that may each lose the next revision to another before failing. */
const SAVE_ATTEMPTS = 8;

/**
 * The official calendar's years as the city bureau enters them (放假调休), checked against the
 * packaged calendar, audited, and each followed by the recount of every provisional due date.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap, HealthProbe {
  readonly name = 'calendar';
  private readonly logger = new Logger(CalendarService.name);
  constructor(
    private readonly years: CalendarYears,
    private readonly client: Client,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The recount of each year's latest arrangement, started if it never was (the API stopped between
   * storing an arrangement and starting its job); a job that ran is not started again.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      for (const year of await this.years.all()) {
        await this.startRecount(`calendar-${year.year}-r${year.revision}`);
      }
    } catch (error) {
      this.logger.warn(`recounts not checked: ${error instanceof Error ? error.name : 'error'}`);
    }
  }

  /** Readiness never waits for the calendar: a missing year makes deadlines provisional, not wrong. */
  check(): Promise<boolean> {
    return Promise.resolve(true);
  }

  /** The readiness detail's warning, from November, that next year's arrangement is missing. */
  async warning(): Promise<string | null> {
    return (await this.view()).warning;
  }

  async view(now = new Date()): Promise<CalendarView> {
    const years = await this.years.all();
    return {
      packaged: { ...calendarCoverage },
      years: years.map((y) => ({ ...y, differsFromPackage: differencesFromPackage(y) })),
      warning: missingArrangementWarning(now, new WorkingDayCalendar(years)),
    };
  }

  async enter(
    year: number,
    form: CalendarYearForm,
    actor: Actor,
    request: Request,
  ): Promise<CalendarEntry> {
    const arrangement = { year, holidays: form.holidays, workdays: form.workdays };
    const outside = [...form.holidays, ...form.workdays].filter((d) => !d.startsWith(`${year}-`));
    if (outside.length > 0) {
      throw new ApiError(ErrorCodes.inputInvalid, 400, `every date must be in ${year}`, [
        ...outside.map((date) => ({
          field: form.holidays.includes(date) ? 'holidays' : 'workdays',
          rule: 'year',
          message: `${date} is not in ${year}`,
        })),
      ]);
    }
    const differences = differencesFromPackage(arrangement);
    if (differences.length > 0) {
      await this.audit.recordQuietly(
        {
          kind: AuditKinds.calendarEntered,
          outcome: 'refused',
          actor,
          target: `calendar-${year}`,
          reason: 'CONTRADICTS_PACKAGE',
        },
        request,
      );
      const named = differences.slice(0, NAMED).join(', ');
      const more = differences.length > NAMED ? ` and ${differences.length - NAMED} more` : '';
      throw new ApiError(
        ErrorCodes.calendarContradictsPackage,
        409,
        `the packaged official calendar of ${year} says otherwise on ${differences.length} date(s): ${named}${more}`,
      );
    }
    const stored = await this.saveAsNextRevision(arrangement, form.noticeRef, actor.id);
    await this.audit.record(
      {
        kind: AuditKinds.calendarEntered,
        outcome: 'ok',
        actor,
        target: `calendar-${year}`,
        reason: `r${stored.revision}`,
      },
      request,
    );
    const recountJob = await this.startRecount(`calendar-${year}-r${stored.revision}`);
    return { ...stored, differsFromPackage: [], recountJob };
  }

  /**
   * Stores the arrangement as the year's next revision. Two entries of one year at once both count
   * the same next revision: the one that loses it on the key takes the one after.
   */
  private async saveAsNextRevision(
    arrangement: Parameters<CalendarYears['save']>[0],
    noticeRef: string,
    enteredBy: string,
  ): Promise<Awaited<ReturnType<CalendarYears['save']>>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.years.save(arrangement, noticeRef, enteredBy);
      } catch (error) {
        if (attempt >= SAVE_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** The durable job that recounts every provisional due date on the calendar as it now is. */
  private async startRecount(recount: string): Promise<string> {
    const workflowId = `deadline-recount-${recount}`;
    const input: DeadlineRecountInput = { recount };
    await startOnce(this.client, WorkflowTypes.deadlineRecount, { workflowId, args: [input] });
    return workflowId;
  }
}
