export { VerificationActivitiesService } from './verification.activities';
export { VerificationModule } from './verification.module';
