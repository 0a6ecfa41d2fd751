import { Param, ParseIntPipe } from '@nestjs/common';

import { ErrorCodes } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';

/**
 * A whole number of the path (a year, a difference's number): not one, it is refused by its pipe;
 * out of range, by the route itself once the rest of the request is read. Both answer 400
 * INPUT.INVALID with `message`.
 */
export function numberParam(name: string, min: number, max: number, message: string) {
  const refused = () => new ApiError(ErrorCodes.inputInvalid, 400, message);
  return {
    Param: () => Param(name, new ParseIntPipe({ exceptionFactory: refused })),
    /** The number, when it lies in range. */
    inRange(value: number): number {
      if (value < min || value > max) throw refused();
      return value;
    },
  };
}
