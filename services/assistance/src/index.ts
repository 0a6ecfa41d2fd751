export { AssistanceActivitiesService } from './assistance.activities';
