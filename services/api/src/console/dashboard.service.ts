import { Inject, Injectable } from '@nestjs/common';

import { HouseholdClasses, type DashboardView } from '@fanpin/contracts';
import { DashboardRepository } from '@fanpin/persistence';

import { API_CONFIG, type ApiConfig } from '../settings';

/**
 * The supervisors' figures over the city, from PostgreSQL: open cases by township and stage and how
 * many of them are overdue, overdue tasks by level, monitored households by class and risk type,
 * and the overdue cases themselves with their workflow and run ids (for the Temporal Web UI).
 */
@Injectable()
export class DashboardService {
  private readonly temporalUi: DashboardView['temporalUi'];

  constructor(
    private readonly dashboard: DashboardRepository,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.temporalUi = {
      url: config.TEMPORAL_UI_URL.replace(/\/+$/, ''),
      namespace: config.TEMPORAL_NAMESPACE,
    };
  }

  async figures(): Promise<DashboardView> {
    const { byStage, byLevel, byClass, byRisk, overdue } = await this.dashboard.figures();
    return {
      at: new Date().toISOString(),
      temporalUi: this.temporalUi,
      casesByTownshipStage: byStage.map((r) => ({
        townshipCode: r.township_code,
        stage: r.stage,
        open: r.open,
        overdue: r.overdue,
      })),
      overdueTasksByLevel: byLevel,
      casesByHouseholdClass: byClass.flatMap((r) => {
        const householdClass = HouseholdClasses.find((c) => c === r.household_class);
        return householdClass ? [{ householdClass, count: r.count }] : [];
      }),
      casesByRiskType: byRisk.map((r) => ({ riskType: r.risk_type, count: r.count })),
      overdueCases: overdue.map((r) => ({
        caseId: r.case_id,
        workflowId: r.case_id,
        runId: r.run_id,
        townshipCode: r.township_code,
        stage: r.stage,
        oldestDueAt: r.oldest.toISOString(),
      })),
    };
  }
}
