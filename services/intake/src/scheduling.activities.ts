import { Injectable, Logger } from '@nestjs/common';

import {
  type DeadlineSpec,
  type DueAtCommand,
  type DueAtResult,
  type ResumeDeadlineCommand,
  type SchedulingActivities,
} from '@fanpin/contracts';
import { CalendarYears } from '@fanpin/persistence';
import {
  activityInstant,
  calendarDeadline,
  currentCase,
  nextReportCutoff,
  type ActivityProvider,
} from '@fanpin/platform';

/**
 * The calendar arithmetic of a case's steps (SchedulingActivities): step deadlines and report
 * cut-offs, counted here rather than in workflow code, so that the history records each date and a
 * later calendar release never changes a running case.
 */
@Injectable()
export class SchedulingActivitiesService implements ActivityProvider {
  private readonly logger = new Logger(SchedulingActivitiesService.name);

  constructor(private readonly calendars: CalendarYears) {}

  activities(): SchedulingActivities {
    return {
      dueAt: (command) => this.dueAt(command),
      nextReportCutoff: (command) => settled(() => this.nextReportCutoff(command)),
      resumedDue: (command) => this.resumedDue(command),
    };
  }

  /** When a step's deadline falls (provisional where a year it reaches has no arrangement). */
  async dueAt({ from, spec }: DueAtCommand): Promise<DueAtResult> {
    return this.deadline(activityInstant(from), spec, `${currentCase()}: a step`);
  }

  /**
   * A deadline counted again after its clock stood still from `pausedAt` to `resumedAt`, on the
   * calendar as it stands now (a provisional first count may have a year arranged since).
   */
  async resumedDue({ basis, pausedAt, resumedAt }: ResumeDeadlineCommand): Promise<DueAtResult> {
    const paused = activityInstant(pausedAt, 'pausedAt');
    const resumed = activityInstant(resumedAt, 'resumedAt');
    const first = await this.dueAt(basis);
    const due = new Date(first.dueAt);
    // Late before the clock stopped: the lateness is the steps' before the wait, and stays.
    if (due <= paused || resumed <= paused) return first;
    const what = `${currentCase()}: a resumed deadline`;
    const { spec } = basis;
    if ('workingDays' in spec) {
      // Working days left after the day the clock stopped, up to the due day.
      const left = (await this.calendars.calendarFor(paused, spec)).workingDaysBetween(paused, due);
      return this.deadline(resumed, { workingDays: left }, what);
    }
    // Calendar days and durations: the same span, begun later by the length of the wait.
    const from = new Date(Date.parse(basis.from) + (resumed.getTime() - paused.getTime()));
    return this.deadline(from, spec, what);
  }

  /** A deadline counted on the calendar that knows every year it reaches. */
  private deadline(from: Date, spec: DeadlineSpec, what: string): Promise<DueAtResult> {
    return calendarDeadline(this.calendars, from, spec, what, this.logger);
  }

  /** The next half-monthly report cut-off on or after `from`. */
  nextReportCutoff({ from }: { from: string }): { cutoffAt: string } {
    return { cutoffAt: nextReportCutoff(activityInstant(from)).toISOString() };
  }
}

/** A synchronous activity as a promise: what it throws becomes a rejection. */
function settled<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => resolve(body()));
}
