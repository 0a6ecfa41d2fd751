import { ErrorCodes, type DivisionCodes } from '@fanpin/contracts';
import { divisionsOfVillage } from '@fanpin/domain';

import { ApiError } from './api-error';

/** A village of this county, with its township and county; any other code: 422 DIVISION.UNKNOWN. */
export function countyVillage(villageCode: string): DivisionCodes {
  const divisions = divisionsOfVillage(villageCode);
  if (!divisions) {
    throw new ApiError(
      ErrorCodes.divisionUnknown,
      422,
      'villageCode is not a village of this county',
    );
  }
  return divisions;
}
