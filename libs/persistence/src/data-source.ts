import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';

import { grantsForNewTables, MIGRATIONS_TABLE, narrowAppendOnlyTables } from './access-policy';
import { JsonQueryLogger } from './query-logger';

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
import { SessionEpochs1765411200000 } from './migrations/1765411200000-session-epochs';
import { CaseReadModel1765497600000 } from './migrations/1765497600000-case-read-model';
import { Screenings1765584000000 } from './migrations/1765584000000-screenings';
import { HouseholdMembers1765670400000 } from './migrations/1765670400000-household-members';
import { NationalReconciliation1765756800000 } from './migrations/1765756800000-national-reconciliation';
import { PolicyYears1765843200000 } from './migrations/1765843200000-policy-years';
import { Assessment1765929600000 } from './migrations/1765929600000-assessment';
import { AlertTriage1766016000000 } from './migrations/1766016000000-alert-triage';
import { MeasureFacts1766102400000 } from './migrations/1766102400000-measure-facts';
import { VillageMeetings1766188800000 } from './migrations/1766188800000-village-meetings';

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
  SessionEpochs1765411200000,
  CaseReadModel1765497600000,
  Screenings1765584000000,
  HouseholdMembers1765670400000,
  NationalReconciliation1765756800000,
  PolicyYears1765843200000,
  Assessment1765929600000,
  AlertTriage1766016000000,
  MeasureFacts1766102400000,
  VillageMeetings1766188800000,
];

/** Connection options shared by the services, the migration runner and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    logger: new JsonQueryLogger(),
    extra: { max: poolSize, application_name: 'fanpin-monitor' },
  };
}

/**
 * Applies every pending migration in one transaction, connected as the owner role, together with the
 * access policy for `appRole` (the role the services connect as); returns the names applied.
 */
export async function runMigrations(ownerUrl: string, appRole: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(ownerUrl, 1));
  await dataSource.initialize();
  const db = dataSource.createQueryRunner();
  try {
    await db.startTransaction();
    await grantsForNewTables(db, appRole);
    const executor = new MigrationExecutor(dataSource, db);
    executor.transaction = 'all';
    const applied = await executor.executePendingMigrations();
    await narrowAppendOnlyTables(db, appRole);
    await db.commitTransaction();
    return applied.map((m) => m.name);
  } catch (error) {
    if (db.isTransactionActive) await db.rollbackTransaction();
    throw error;
  } finally {
    await db.release();
    await dataSource.destroy();
  }
}
