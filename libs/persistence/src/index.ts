export * from './data-source';
export * from './persistence.module';
export * from './activity-service.module';
export * from './pii/pii-cipher';
export * from './task-inbox.sql';
export * from './audit-log.sql';
export * from './calendar-years';
