import { Controller, Param, applyDecorators, type PipeTransform, type Type } from '@nestjs/common';
import { ApiParam, ApiTags, type ApiOperationOptions } from '@nestjs/swagger';

import type { Permission } from '@fanpin/contracts';

import { Route } from '../auth/permission.decorator';
import { Fails } from '../openapi/answers';

/**
 * The routes of a resource named by a path parameter (a household, a case, a village): the
 * parameter's name and pattern, the pipe that checks it, and the 404 each route answers for one
 * that does not exist or lies outside the caller's jurisdiction, stated once.
 */
export function pathResource(
  name: string,
  pattern: RegExp,
  notFound: string,
  ...pipes: Type<PipeTransform>[]
) {
  return {
    /** What a route answers 404 for. */
    notFound,
    /** A controller of the resource's routes: its tag and path, the parameter documented once. */
    Controller: (tag: string, path: string) =>
      applyDecorators(
        ApiTags(tag),
        ApiParam({ name, schema: { type: 'string', pattern: pattern.source } }),
        Controller(path),
      ),
    /** A route of the resource (see `Route`), with its 404. */
    Route: (
      method: MethodDecorator,
      permission: Permission,
      operation: string | ApiOperationOptions,
    ) => applyDecorators(Fails(404, notFound), Route(method, permission, operation)),
    /** The parameter, checked. */
    Param: () => Param(name, ...pipes),
  };
}
