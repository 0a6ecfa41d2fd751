import { VILLAGE_CODE, VillageCodePipe } from '../cases/case-id.pipe';
import { pathResource } from '../routes/path-resource';

/** The routes of a village, `v1/villages/:villageCode/…`. */
export const Village = pathResource(
  'villageCode',
  VILLAGE_CODE,
  'DIVISION.UNKNOWN: no such village, or outside your jurisdiction',
  VillageCodePipe,
);
