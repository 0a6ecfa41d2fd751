export { HttpNationalSystemAdapter } from './http-national-system.adapter';
export { NationalEntryActivitiesService } from './national-entry.activities';
export { NationalEntryModule } from './national-entry.module';
export * from './national-system.port';
