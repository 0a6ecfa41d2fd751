import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';

import { DatabaseProbe, PersistenceModule } from '@fanpin/persistence';
import { CommandSigner, HealthController, healthProbes } from '@fanpin/platform';

import { AccountsController } from './accounts/accounts.controller';
import { AccountStatus } from './accounts/account-status';
import { AccountsService } from './accounts/accounts.service';
import { AlertDispatcher } from './alerts/alert-dispatcher';
import { AlertOutbox } from './alerts/alert-outbox';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AssessmentController } from './assessment/assessment.controller';
import { AssessmentService } from './assessment/assessment.service';
import { BatchesController } from './batches/batches.controller';
import { CoverageController } from './declarations/coverage.controller';
import { DeclarationsController } from './declarations/declarations.controller';
import { DivisionsController } from './divisions/divisions.controller';
import { BatchesService } from './batches/batches.service';
import { AuditController } from './audit/audit.controller';
import { AuditLog } from './audit/audit-log';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarService } from './calendar/calendar.service';
import { Jurisdiction } from './auth/jurisdiction';
import { Public } from './auth/permission.decorator';
import { PublicThrottlerGuard } from './auth/public-throttler.guard';
import { RouteInventory } from './auth/route-inventory';
import { SignInService } from './auth/sign-in.service';
import { CaseFilesController } from './case-files/case-files.controller';
import { CaseFilesService } from './case-files/case-files.service';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { PublicNoticeController } from './cases/public-notice';
import { CodecController } from './codec/codec.controller';
import { ConsoleController, VillagesController } from './console/console.controller';
import { DashboardService } from './console/dashboard.service';
import { MeasuresService } from './console/measures.service';
import { RegistersController } from './console/registers.controller';
import { RegistersService } from './console/registers.service';
import { VillagesService } from './console/villages.service';
import { BodyInterceptor } from './errors/body/body.interceptor';
import { ErrorFilter } from './errors/error.filter';
import { strictValidationPipe } from './errors/validation';
import { HouseholdFinder } from './households/household-finder';
import { HouseholdsController } from './households/households.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { OverdueCasesMetric } from './metrics/overdue-cases.metric';
import { MeetingsService } from './meetings/meetings.service';
import { HouseholdMembersController } from './households/members.controller';
import { ReconciliationsController } from './national/reconciliations.controller';
import { ReconciliationsService } from './national/reconciliations.service';
import { TriageController } from './triage/triage.controller';
import { TriageService } from './triage/triage.service';
import { piiCipherProvider } from './households/pii.provider';
import { describeHealthRoutes } from './openapi/health';
import { PolicyController } from './policy/policy.controller';
import { PolicyService } from './policy/policy.service';
import { ReportSchedules } from './reports/report-schedules';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { API_CONFIG, type ApiConfig } from './settings';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { TemporalClientLifecycle, temporalClientProvider } from './temporal/temporal.providers';

// Liveness and readiness answer everyone: orchestrators probe without credentials.
Public()(HealthController);
describeHealthRoutes();

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PersistenceModule.forRoot(config.DATABASE_URL),
        DiscoveryModule,
        ThrottlerModule.forRoot([
          { limit: config.RATE_LIMIT_PUBLIC_REQUESTS, ttl: config.RATE_LIMIT_WINDOW_MS },
        ]),
      ],
      controllers: [
        HealthController,
        AuthController,
        AccountsController,
        AlertsController,
        BatchesController,
        DeclarationsController,
        CoverageController,
        CasesController,
        CaseFilesController,
        RegistersController,
        ConsoleController,
        VillagesController,
        MeetingsController,
        DivisionsController,
        PublicNoticeController,
        HouseholdsController,
        HouseholdMembersController,
        AuditController,
        CodecController,
        TasksController,
        ReportsController,
        CalendarController,
        AssessmentController,
        PolicyController,
        ReconciliationsController,
        TriageController,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_PIPE, useFactory: strictValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
        // In this order: a throttled public request is refused before anything else is done.
        { provide: APP_GUARD, useClass: PublicThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: BodyInterceptor },
        RouteInventory,
        AuditLog,
        AccountsService,
        AccountStatus,
        SignInService,
        Jurisdiction,
        HouseholdFinder,
        piiCipherProvider,
        // Signs every command, start and alert the API sends to a case.
        { provide: CommandSigner, useValue: new CommandSigner(config.COMMAND_SIGNING_KEY) },
        temporalClientProvider,
        TemporalClientLifecycle,
        AlertDispatcher,
        AlertOutbox,
        AlertsService,
        BatchesService,
        CasesService,
        CaseFilesService,
        RegistersService,
        MeasuresService,
        VillagesService,
        MeetingsService,
        DashboardService,
        OverdueCasesMetric,
        AssessmentService,
        TasksService,
        ReportsService,
        ReportSchedules,
        CalendarService,
        PolicyService,
        ReconciliationsService,
        TriageService,
        healthProbes(DatabaseProbe, TemporalClientLifecycle, CalendarService),
      ],
    };
  }
}
