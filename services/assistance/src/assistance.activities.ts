import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AssistanceActivities, OpenAssistancePlanCommand } from '@fanpin/contracts';
import type { ActivityProvider } from '@fanpin/platform';

/** Assistance (帮扶): the plan of measures for an included household. */
@Injectable()
export class AssistanceActivitiesService implements ActivityProvider {
  constructor(private readonly dataSource: DataSource) {}

  activities(): AssistanceActivities {
    return { openAssistancePlan: (command) => this.openAssistancePlan(command) };
  }

  /** Opens the plan once per case; a retried call returns the same plan. */
  async openAssistancePlan(c: OpenAssistancePlanCommand): Promise<{ planId: string }> {
    const rows = await this.dataSource.query<{ plan_id: string }[]>(
      `WITH inserted AS (
         INSERT INTO assistance_plans (run_id, case_id, household_class, status)
         VALUES ($1, $2, $3, 'draft')
         ON CONFLICT (run_id) DO NOTHING
         RETURNING plan_id)
       SELECT plan_id FROM inserted
       UNION ALL SELECT plan_id FROM assistance_plans WHERE run_id = $1`,
      [c.runId, c.caseId, c.householdClass],
    );
    const planId = rows[0]?.plan_id;
    if (!planId) throw new Error('assistance plan was neither created nor found');
    return { planId };
  }
}
