import { ValidationPipe, type ValidationError } from '@nestjs/common';

import { ErrorCodes } from '@fanpin/contracts';

import { ApiError } from './api-error';

interface FieldProblem {
  field: string;
  rules: string[];
}

/** Field paths and the names of the rules they broke; never the submitted values. */
function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, rules: Object.keys(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Strict DTO validation: unknown fields refused, types checked, one 400 with every problem. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ApiError(ErrorCodes.inputInvalid, 400, 'the request is not valid', flatten(errors)),
  });
}
