import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { RecordDecisionCommand, VerificationActivities } from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

/** Verification and determination (核实、认定): records decisions in the case history. */
@Injectable()
export class VerificationActivitiesService implements ActivityProvider {
  constructor(private readonly dataSource: DataSource) {}

  activities(): VerificationActivities {
    return { recordDecision: (command) => this.recordDecision(command) };
  }

  /** Idempotent: a retried call finds its event recorded and changes nothing more. */
  async recordDecision(c: RecordDecisionCommand): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(
        `INSERT INTO case_events (run_id, case_id, kind, step_id, actor, detail)
         VALUES ($1, $2, 'city-determination', $3, $4, $5)
         ON CONFLICT (run_id, step_id) DO NOTHING`,
        [
          c.runId,
          c.caseId,
          c.taskId,
          c.decidedBy,
          {
            include: c.include,
            householdClass: c.householdClass,
            reasonCode: c.reasonCode,
            nextStage: c.nextStage,
          },
        ],
      );
      await db.query(
        `UPDATE cases SET status = $2, household_class = $3, decided_at = now()
         WHERE run_id = $1 AND status = 'open'`,
        [c.runId, c.include ? 'included' : 'excluded', c.householdClass],
      );
    });
  }
}
