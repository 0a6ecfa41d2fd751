import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';

import { DashboardRepository, type OverdueCasesRow } from '@fanpin/persistence';
import { describeDatabaseError, metricsRegistry } from '@fanpin/platform';

const Name = 'fanpin_overdue_cases';

/**
 * Cases with an overdue task, by township (its division code) and level (village, township, city,
 * department), read from the task read model whenever Prometheus scrapes the API. A failed read
 * leaves the last figures: a scrape never fails for it.
 */
@Injectable()
export class OverdueCasesMetric implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Metrics');
  private failing = false;

  constructor(private readonly dashboard: DashboardRepository) {}

  onModuleInit(): void {
    // Several API modules in one process (tests) share the registry: the latest one reads.
    metricsRegistry.removeSingleMetric(Name);
    const read = () => this.read();
    new Gauge({
      name: Name,
      help: 'Cases with at least one overdue open task, by township code and the level the task is at.',
      labelNames: ['township', 'level'] as const,
      registers: [metricsRegistry],
      async collect() {
        const rows = await read();
        if (!rows) return;
        this.reset();
        for (const row of rows)
          this.set({ township: row.township_code, level: row.level }, row.cases);
      },
    });
  }

  onModuleDestroy(): void {
    metricsRegistry.removeSingleMetric(Name);
  }

  private async read(): Promise<OverdueCasesRow[] | undefined> {
    try {
      const rows = await this.dashboard.overdueCasesByTownshipAndLevel();
      this.failing = false;
      return rows;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(
          `overdue cases not read for the metrics: ${error instanceof Error ? describeDatabaseError(error) : 'error'}`,
        );
      }
      this.failing = true;
      return undefined;
    }
  }
}
