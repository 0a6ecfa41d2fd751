import { Injectable } from '@nestjs/common';

import type {
  AdoptPlanCommand,
  AdoptedMeasure,
  AssistanceActivities,
  MeasureProgressCommand,
} from '@fanpin/contracts';
import { AssistanceRepository } from '@fanpin/persistence';
import type { ActivityProvider } from '@fanpin/platform';

/** The end of a day (YYYY-MM-DD) in Asia/Shanghai, which keeps no summer time: UTC+8 all year. */
export function endOfShanghaiDay(day: string): string {
  return new Date(`${day}T23:59:59.999+08:00`).toISOString();
}

/** Assistance (帮扶): the plan of measures for an included household, and each measure's progress. */
@Injectable()
export class AssistanceActivitiesService implements ActivityProvider {
  constructor(private readonly assistance: AssistanceRepository) {}

  activities(): AssistanceActivities {
    return {
      adoptPlan: (command) => this.adoptPlan(command),
      recordMeasureProgress: (command) => this.recordMeasureProgress(command),
    };
  }

  /**
   * Records the city's plan and its measures in one transaction, with each measure's due instant.
   * A retried call finds the plan and its measures and changes nothing.
   */
  async adoptPlan(c: AdoptPlanCommand): Promise<{ planId: string; measures: AdoptedMeasure[] }> {
    const measures = c.measures.map((m) => ({ ...m, dueAt: endOfShanghaiDay(m.dueOn) }));
    const planId = await this.assistance.adoptPlan({ ...c, measures });
    return { planId, measures: measures.map((m) => ({ measureId: m.measureId, dueAt: m.dueAt })) };
  }

  /**
   * Appends the report to the case history and updates the measure, once per step id; progress never
   * goes back and a closed measure stays closed, whatever order retried calls arrive in.
   */
  async recordMeasureProgress(c: MeasureProgressCommand): Promise<void> {
    await this.assistance.recordProgress({
      ...c,
      detail: { measureId: c.measureId, ...c.detail },
      status: c.status === 'in-progress' ? 'open' : c.status,
      percent: c.percent,
    });
  }
}
