import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';

import { HealthController, healthProbes } from '@fanpin/platform';

import { SimulatorController } from './simulator.controller';
import { SimulatorStore } from './simulator.store';

@Module({})
export class SimulatorModule {
  static forRoot(): DynamicModule {
    return {
      module: SimulatorModule,
      controllers: [SimulatorController, HealthController],
      providers: [
        SimulatorStore,
        healthProbes(),
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }),
        },
      ],
    };
  }
}
