import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { ActivityDatabase, HealthProbe } from '@fanpin/platform';

import { dataSourceOptions } from './data-source';
import { AccountsRepository } from './repositories/accounts.repository';
import { AlertBatchesRepository } from './repositories/alert-batches.repository';
import { AlertsRepository } from './repositories/alerts.repository';
import { AssessmentRepository } from './repositories/assessment.repository';
import { AssistanceRepository } from './repositories/assistance.repository';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { CalendarYears } from './repositories/calendar-years.repository';
import { CaseEventsRepository } from './repositories/case-events.repository';
import { CasesRepository } from './repositories/cases.repository';
import { DashboardRepository } from './repositories/dashboard.repository';
import { Transactions } from './repositories/database';
import { HouseholdMembersRepository } from './repositories/household-members.repository';
import { HouseholdFiguresRepository } from './repositories/household-figures.repository';
import { HouseholdsRepository } from './repositories/households.repository';
import { NationalEntriesRepository } from './repositories/national-entries.repository';
import { PolicyYearsRepository } from './repositories/policy-years.repository';
import { NationalReconciliationsRepository } from './repositories/national-reconciliations.repository';
import { RegistersRepository } from './repositories/registers.repository';
import { ReportSourcesRepository } from './repositories/report-sources.repository';
import { ReportsRepository } from './repositories/reports.repository';
import { ScreeningsRepository } from './repositories/screenings.repository';
import { TasksRepository } from './repositories/tasks.repository';
import { VillageMeetingsRepository } from './repositories/village-meetings.repository';
import { TriageRepository } from './repositories/triage.repository';

/** Readiness: the database answers. */
@Injectable()
export class DatabaseProbe implements HealthProbe {
  readonly name = 'database';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<boolean> {
    await this.dataSource.query('SELECT 1');
    return true;
  }
}

/** Every repository: each service gets the ones it needs by injection. */
const repositories = [
  Transactions,
  AccountsRepository,
  AlertBatchesRepository,
  AlertsRepository,
  AssessmentRepository,
  AssistanceRepository,
  AuditLogRepository,
  CaseEventsRepository,
  CasesRepository,
  DashboardRepository,
  HouseholdMembersRepository,
  HouseholdFiguresRepository,
  HouseholdsRepository,
  NationalEntriesRepository,
  PolicyYearsRepository,
  NationalReconciliationsRepository,
  RegistersRepository,
  ReportSourcesRepository,
  ReportsRepository,
  ScreeningsRepository,
  TasksRepository,
  VillageMeetingsRepository,
  TriageRepository,
];

@Module({})
export class PersistenceModule {
  static forRoot(databaseUrl: string, poolSize = 10): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, poolSize))],
      providers: [
        DatabaseProbe,
        ...repositories,
        {
          provide: CalendarYears,
          useFactory: (db: DataSource) => new CalendarYears(db),
          inject: [DataSource],
        },
      ],
      exports: [DatabaseProbe, CalendarYears, ...repositories],
    };
  }
}

/** An activity service's database: this module on the service's DATABASE_URL, and its probe. */
export const activityDatabase: ActivityDatabase = {
  module: (url) => PersistenceModule.forRoot(url),
  probe: DatabaseProbe,
};
