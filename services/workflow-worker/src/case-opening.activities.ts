import { Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';

import {
  ErrorCodes,
  type CaseOpeningActivities,
  type DeadlineSpec,
  type DueAtResult,
  type OpenCaseCommand,
  type OpenCaseResult,
  type PolicyYearLine,
} from '@fanpin/contracts';
import { policyYearVersion } from '@fanpin/domain';
import {
  CalendarYears,
  CasesRepository,
  PolicyYearsRepository,
  TasksRepository,
  dataSourceOptions,
  isUniqueViolation,
} from '@fanpin/persistence';
import { calendarDeadline } from '@fanpin/platform';

/**
 * Opening a case (受理): records it and its first task in PostgreSQL and counts its identification
 * deadline on the official calendar. It runs here, beside the workflow code, as a local activity:
 * the case's first workflow task opens it, so a new case costs the server one workflow task. The
 * history records the dates, so that a later calendar release never changes a running case.
 */
export class CaseOpeningActivitiesService {
  private readonly logger = new Logger(CaseOpeningActivitiesService.name);

  constructor(
    private readonly cases: CasesRepository,
    private readonly tasks: TasksRepository,
    private readonly calendars: CalendarYears,
    private readonly policyYears: PolicyYearsRepository,
  ) {}

  activities(): CaseOpeningActivities {
    return { openCase: (command) => this.openCase(command) };
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

  /** A deadline counted on the calendar that knows every year it reaches. */
  private deadline(from: Date, spec: DeadlineSpec, what: string): Promise<DueAtResult> {
    return calendarDeadline(this.calendars, from, spec, what, this.logger);
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

/**
 * The case-opening activities on a database connection of their own, and how to close it. Made on
 * the first case a worker opens (`CaseOpening` in worker.module.ts), not at the worker's start.
 */
export async function connectCaseOpening(
  databaseUrl: string,
): Promise<{ service: CaseOpeningActivitiesService; close: () => Promise<void> }> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  const service = new CaseOpeningActivitiesService(
    new CasesRepository(dataSource),
    new TasksRepository(dataSource),
    new CalendarYears(dataSource),
    new PolicyYearsRepository(dataSource),
  );
  return { service, close: () => dataSource.destroy() };
}
