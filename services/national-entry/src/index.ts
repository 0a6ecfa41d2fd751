export { HttpNationalSystemAdapter } from './http-national-system.adapter';
export { NationalEntryActivitiesService } from './national-entry.activities';
export * from './national-system.port';
