import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, QueryFailedError } from 'typeorm';

import {
  ErrorCodes,
  type DeadlineSpec,
  type IntakeActivities,
  type OpenCaseCommand,
  type OpenCaseResult,
} from '@fanpin/contracts';
import { CalendarNotCoveredError, deadlineFrom, type ActivityProvider } from '@fanpin/platform';

const UNIQUE_VIOLATION = '23505';

/**
 * Intake (受理): records a new case in PostgreSQL and works out its identification deadline on the
 * official calendar, here rather than in workflow code, so that the history records the date and a
 * later calendar release never changes a running case.
 */
@Injectable()
export class IntakeActivitiesService implements ActivityProvider {
  private readonly logger = new Logger(IntakeActivitiesService.name);

  constructor(private readonly dataSource: DataSource) {}

  activities(): IntakeActivities {
    return { openCase: (command) => this.openCase(command) };
  }

  async openCase(c: OpenCaseCommand): Promise<OpenCaseResult> {
    const { openedAt } = await this.record(c);
    if (!c.identificationDeadline) return { openedAt };
    return { openedAt, ...this.identificationDue(c, new Date(openedAt), c.identificationDeadline) };
  }

  private identificationDue(
    c: OpenCaseCommand,
    openedAt: Date,
    deadline: DeadlineSpec,
  ): Pick<OpenCaseResult, 'identificationDueAt' | 'identificationDueAtProblem'> {
    try {
      return { identificationDueAt: deadlineFrom(openedAt, deadline).toISOString() };
    } catch (error) {
      if (!(error instanceof CalendarNotCoveredError)) throw error;
      // The case opens all the same; its task shows why it has no due date until the calendar is
      // updated. No guess from weekdays alone.
      this.logger.warn(`case ${c.caseId}: no identification deadline: ${error.message}`);
      return { identificationDueAt: null, identificationDueAtProblem: error.code };
    }
  }

  private async record(c: OpenCaseCommand): Promise<{ openedAt: string }> {
    try {
      // One statement (one round trip, atomic): the case, its first history event, its opening time.
      const [row] = await this.dataSource.query<{ opened_at: Date }[]>(
        `WITH inserted AS (
           INSERT INTO cases (run_id, case_id, household_key, county_code, township_code, village_code,
                              channel, policy_version, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open')
           ON CONFLICT (run_id) DO NOTHING
           RETURNING run_id, case_id, opened_at),
         event AS (
           INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail)
           SELECT run_id, case_id, 'opened', 'opened', 'system:intake', $9 FROM inserted
           ON CONFLICT (run_id, step_id) DO NOTHING)
         SELECT opened_at FROM inserted
         UNION ALL SELECT opened_at FROM cases WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
        [
          c.runId,
          c.caseId,
          c.householdKey,
          c.divisions.countyCode,
          c.divisions.townshipCode,
          c.divisions.villageCode,
          c.channel,
          c.policyVersion,
          { channel: c.channel, policyVersion: c.policyVersion },
        ],
      );
      return { openedAt: (row?.opened_at ?? new Date()).toISOString() };
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
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
