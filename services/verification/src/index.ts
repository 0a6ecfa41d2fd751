export { VerificationActivitiesService } from './verification.activities';
