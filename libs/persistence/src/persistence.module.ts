import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { HealthProbe } from '@fanpin/platform';

import { CalendarYears } from './repositories/calendar-years.repository';
import { dataSourceOptions } from './data-source';

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

@Module({})
export class PersistenceModule {
  static forRoot(databaseUrl: string, poolSize = 10): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, poolSize))],
      providers: [
        DatabaseProbe,
        {
          provide: CalendarYears,
          useFactory: (db: DataSource) => new CalendarYears(db),
          inject: [DataSource],
        },
      ],
      exports: [DatabaseProbe, CalendarYears],
    };
  }
}
