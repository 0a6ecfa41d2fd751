import { Param, applyDecorators, type PipeTransform, type Type } from '@nestjs/common';
import { ApiParam, type ApiOperationOptions } from '@nestjs/swagger';

import type { Permission } from '@fanpin/contracts';

import { Route } from '../auth/permission.decorator';
import { Fails } from '../openapi/answers';
import { ApiController } from './api-controller';
import { Submits } from './submits';

type Operation = string | ApiOperationOptions;

export interface RouteOptions {
  /** What else the route answers 404 for (a member of the household, a meeting of the village). */
  alsoNotFound?: string;
}

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
  const notFoundOf = ({ alsoNotFound }: RouteOptions) =>
    Fails(404, alsoNotFound === undefined ? notFound : `${notFound}; ${alsoNotFound}`);
  return {
    /** A controller of the resource's routes: its tag and path, the parameter documented once. */
    Controller: (tag: string, path: string) =>
      applyDecorators(
        ApiParam({ name, schema: { type: 'string', pattern: pattern.source } }),
        ApiController(tag, path),
      ),
    /** A route of the resource (see `Route`), with its 404. */
    Route: (
      method: MethodDecorator,
      permission: Permission,
      operation: Operation,
      options: RouteOptions = {},
    ) => applyDecorators(notFoundOf(options), Route(method, permission, operation)),
    /** A POST of a form that changes the resource (see `Submits`), with its 404. */
    Changes: (
      path: string,
      permission: Permission,
      operation: Operation,
      { formRefused, ...options }: RouteOptions & { formRefused?: string } = {},
    ) => applyDecorators(notFoundOf(options), Submits(path, permission, operation, formRefused)),
    /** The parameter, checked. */
    Param: () => Param(name, ...pipes),
  };
}
