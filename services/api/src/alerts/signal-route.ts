import { HttpCode, Post, applyDecorators } from '@nestjs/common';
import type { ApiOperationOptions } from '@nestjs/swagger';

import type { Permission } from '@fanpin/contracts';

import { Route } from '../auth/permission.decorator';
import { FORM_REFUSED, Fails } from '../openapi/answers';

/**
 * A way in that reports a household at risk (a bureau's alert, a declaration, a cadre's screening):
 * answered 202 once stored, and refused for a form that does not fit, an `idField` used before for
 * other content, or a village, resident ID or phone that does not check out.
 */
export const ReportsHousehold = (
  path: string,
  permission: Permission,
  operation: string | ApiOperationOptions,
  idField: string,
) =>
  applyDecorators(
    Fails(
      422,
      'DIVISION.UNKNOWN, RESIDENT_ID.INVALID, PHONE.INVALID: a village outside the county, a resident ID failing GB 11643-1999, a phone that is not a mainland number',
    ),
    Fails(409, `ALERT.CONFLICT: the ${idField} was received before with other content`),
    Fails(400, FORM_REFUSED),
    Route(Post(path), permission, operation),
    HttpCode(202),
  );
