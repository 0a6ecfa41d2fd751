import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';

import {
  ErrorCodes,
  type DeadlineSpec,
  type DueAtCommand,
  type DueAtResult,
  type IntakeActivities,
  type OpenCaseCommand,
  type OpenCaseResult,
  type PolicyYearLine,
  type ResumeDeadlineCommand,
  type SchedulingActivities,
} from '@fanpin/contracts';
import { policyYearVersion } from '@fanpin/domain';
import {
  CalendarYears,
  CasesRepository,
  PolicyYearsRepository,
  TasksRepository,
  isUniqueViolation,
} from '@fanpin/persistence';
import {
  activityInstant,
  currentCase,
  nextReportCutoff,
  settledDeadline,
  type ActivityProvider,
} from '@fanpin/platform';

/**
 * Intake (受理): records a new case in PostgreSQL and works out its identification deadline on the
 * official calendar, here rather than in workflow code, so that the history records the date and a
 * later calendar release never changes a running case. For the same reason it hosts the calendar
 * arithmetic of the later steps (SchedulingActivities): step deadlines and report cut-offs.
 */
@Injectable()
export class IntakeActivitiesService implements ActivityProvider {
  private readonly logger = new Logger(IntakeActivitiesService.name);

  constructor(
    private readonly cases: CasesRepository,
    private readonly tasks: TasksRepository,
    private readonly calendars: CalendarYears,
    private readonly policyYears: PolicyYearsRepository,
  ) {}

  activities(): IntakeActivities & SchedulingActivities {
    return {
      openCase: (command) => this.openCase(command),
      dueAt: (command) => this.dueAt(command),
      nextReportCutoff: (command) => settled(() => this.nextReportCutoff(command)),
      resumedDue: (command) => this.resumedDue(command),
    };
  }

  async openCase(c: OpenCaseCommand): Promise<OpenCaseResult> {
    const { openedAt } = await this.record(c);
    // Deadlines count from when the alert or declaration was received (a batch may arrive days
    // later), never from a moment after the case was opened.
    const received = new Date(
      Math.min(Date.parse(openedAt), Date.parse(c.receivedAt ?? '') || Number.POSITIVE_INFINITY),
    );
    return {
      openedAt,
      yearLines: await this.yearLines(),
      identificationDue: await this.deadline(
        received,
        c.identificationDeadline,
        `${c.caseId}: the identification`,
      ),
      firstTaskDue: await this.openFirstTask(c, received),
    };
  }

  /** The income lines published now, a year each: the case keeps them (history records them). */
  private async yearLines(): Promise<PolicyYearLine[]> {
    return (await this.policyYears.published()).map((y) => ({
      version: policyYearVersion(y.year, y.revision),
      year: y.year,
      incomeLine: y.incomeLine,
      validFrom: y.validFrom,
      validUntil: y.validUntil,
    }));
  }

  /** The case's first task: its due date, and its row in the task inbox (idempotent). */
  private async openFirstTask(c: OpenCaseCommand, openedAt: Date): Promise<DueAtResult> {
    const task = c.firstTask;
    const due = await this.deadline(openedAt, task.deadline, `${c.caseId}: the first task`);
    await this.tasks.upsert({
      caseId: c.caseId,
      runId: c.runId,
      taskId: task.taskId,
      kind: task.kind,
      role: task.role,
      divisions: c.divisions,
      status: 'open',
      dueAt: due.dueAt,
      dueProvisional: due.provisional,
      dueBasis: due.basis,
      escalatedTo: null,
      completedBy: null,
    });
    return due;
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
  private async deadline(from: Date, spec: DeadlineSpec, what: string): Promise<DueAtResult> {
    const calendar = await this.calendars.calendarFor(from, spec);
    return settledDeadline(calendar, from, spec, what, this.logger);
  }

  /** The next half-monthly report cut-off on or after `from`. */
  nextReportCutoff({ from }: { from: string }): { cutoffAt: string } {
    return { cutoffAt: nextReportCutoff(activityInstant(from)).toISOString() };
  }

  private async record(c: OpenCaseCommand): Promise<{ openedAt: string }> {
    try {
      const openedAt = await this.cases.open(c);
      return { openedAt: (openedAt ?? new Date()).toISOString() };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw ApplicationFailure.create({
          type: ErrorCodes.caseDuplicateOpen,
          message: 'the household already has another open case',
          nonRetryable: true,
        });
      }
      throw error;
    }
  }
}

/** A synchronous activity as a promise: what it throws becomes a rejection. */
function settled<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => resolve(body()));
}
