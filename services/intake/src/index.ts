export { IntakeActivitiesService } from './intake.activities';
export { IntakeModule } from './intake.module';
