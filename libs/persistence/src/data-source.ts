import { DataSource, type DataSourceOptions } from 'typeorm';

import { InitialSchema1764460800000 } from './migrations/1764460800000-initial-schema';
import { AccessAndPersonalData1764547200000 } from './migrations/1764547200000-access-and-personal-data';
import { TaskInbox1764633600000 } from './migrations/1764633600000-task-inbox';
import { Monitoring1764720000000 } from './migrations/1764720000000-monitoring';
import { AlertBatches1764806400000 } from './migrations/1764806400000-alert-batches';
import { WaysIn1764892800000 } from './migrations/1764892800000-ways-in';
import { CasesByHousehold1764979200000 } from './migrations/1764979200000-cases-by-household';
import { Reports1765065600000 } from './migrations/1765065600000-reports';
import { AccountChanges1765152000000 } from './migrations/1765152000000-account-changes';
import { CalendarYears1765238400000 } from './migrations/1765238400000-calendar-years';
import { TaskNoticeEnd1765324800000 } from './migrations/1765324800000-task-notice-end';

export const migrations = [
  InitialSchema1764460800000,
  AccessAndPersonalData1764547200000,
  TaskInbox1764633600000,
  Monitoring1764720000000,
  AlertBatches1764806400000,
  WaysIn1764892800000,
  CasesByHousehold1764979200000,
  Reports1765065600000,
  AccountChanges1765152000000,
  CalendarYears1765238400000,
  TaskNoticeEnd1765324800000,
];

/** Connection options shared by the services, the migration runner and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // The services query with SQL (and the repositories beside this file): no entities.
    entities: [],
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: poolSize, application_name: 'fanpin-monitor' },
  };
}

/** Applies every pending migration in one transaction; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
