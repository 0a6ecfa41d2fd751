import type { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';

import { ErrorCodes, problemsSentence, unknownFields, type FieldProblem } from '@fanpin/contracts';

import { ApiError } from '../api-error';

/** Whether the route's handler reads a body (`@Body()`), as Nest records its parameters. */
export function takesBody(context: ExecutionContext): boolean {
  const args = Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) as Record<string, unknown> | undefined;
  return Object.keys(args ?? {}).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}

/**
 * A route that takes no body takes none with fields either: `{}` passes, anything else is refused
 * as a form with no fields refuses it, so that a caller who thinks a field does something learns
 * that it does not.
 */
export function checkNoBody(body: unknown): void {
  if (body === undefined || Buffer.isBuffer(body)) return;
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (isObject && Object.keys(body).length === 0) return;
  const problems: FieldProblem[] = isObject
    ? unknownFields('', Object.keys(body), 'request')
    : [{ field: '', rule: 'not-allowed', message: 'this route takes no body' }];
  throw new ApiError(
    ErrorCodes.inputInvalid,
    400,
    `the request is not valid: ${problemsSentence(problems)}`,
    problems,
  );
}
