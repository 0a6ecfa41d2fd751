import { HttpCode, Post, applyDecorators } from '@nestjs/common';
import type { ApiOperationOptions } from '@nestjs/swagger';

import type { Permission } from '@fanpin/contracts';

import { Route } from '../auth/permission.decorator';
import { FORM_REFUSED, Fails } from '../openapi/answers';

/**
 * A POST of a form that creates nothing, so answered 200: refused 400 when the form does not fit
 * (`formRefused` says so when the route refuses more).
 */
export const Submits = (
  path: string,
  permission: Permission,
  operation: string | ApiOperationOptions,
  formRefused = FORM_REFUSED,
) =>
  applyDecorators(Fails(400, formRefused), Route(Post(path), permission, operation), HttpCode(200));
