export { IntakeActivitiesService } from './intake.activities';
