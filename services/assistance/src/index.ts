export { AssistanceActivitiesService } from './assistance.activities';
export { AssistanceModule } from './assistance.module';
