import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';

import { DatabaseProbe, PersistenceModule } from '@fanpin/persistence';
import { HealthController, healthProbes } from '@fanpin/platform';

import { AlertDispatcher } from './alerts/alert-dispatcher';
import { AlertOutbox } from './alerts/alert-outbox';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { ErrorFilter } from './errors/error.filter';
import { strictValidationPipe } from './errors/validation';
import { API_CONFIG, type ApiConfig } from './settings';
import { TemporalClientLifecycle, temporalClientProvider } from './temporal/temporal.providers';

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [PersistenceModule.forRoot(config.DATABASE_URL)],
      controllers: [HealthController, AlertsController, CasesController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_PIPE, useFactory: strictValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
        temporalClientProvider,
        TemporalClientLifecycle,
        AlertDispatcher,
        AlertOutbox,
        AlertsService,
        CasesService,
        healthProbes(DatabaseProbe, TemporalClientLifecycle),
      ],
    };
  }
}
