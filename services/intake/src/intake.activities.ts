import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, QueryFailedError } from 'typeorm';

import { ErrorCodes, type IntakeActivities, type OpenCaseCommand } from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

const UNIQUE_VIOLATION = '23505';

/** Intake (受理): records a new case in PostgreSQL. */
@Injectable()
export class IntakeActivitiesService implements ActivityProvider {
  constructor(private readonly dataSource: DataSource) {}

  activities(): IntakeActivities {
    return { openCase: (command) => this.openCase(command) };
  }

  async openCase(c: OpenCaseCommand): Promise<{ openedAt: string }> {
    try {
      return await this.dataSource.transaction(async (db) => {
        await db.query(
          `INSERT INTO cases (run_id, case_id, household_key, county_code, township_code, village_code,
                              channel, policy_version, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open')
           ON CONFLICT (run_id) DO NOTHING`,
          [
            c.runId,
            c.caseId,
            c.householdKey,
            c.divisions.countyCode,
            c.divisions.townshipCode,
            c.divisions.villageCode,
            c.channel,
            c.policyVersion,
          ],
        );
        await db.query(
          `INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail)
           VALUES ($1, $2, 'opened', 'opened', 'system:intake', $3)
           ON CONFLICT (run_id, step_id) DO NOTHING`,
          [c.runId, c.caseId, { channel: c.channel, policyVersion: c.policyVersion }],
        );
        const [row] = await db.query<{ opened_at: Date }[]>(
          `SELECT opened_at FROM cases WHERE run_id = $1`,
          [c.runId],
        );
        return { openedAt: (row?.opened_at ?? new Date()).toISOString() };
      });
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
