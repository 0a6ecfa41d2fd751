export { SchedulingActivitiesService } from './scheduling.activities';
