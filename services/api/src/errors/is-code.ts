import { ValidateBy, type ValidationOptions } from 'class-validator';

import { ErrorCodes, isCode } from '@fanpin/contracts';

import { ApiError } from './api-error';

/**
 * A caller's identifier (alert, batch, declaration, objection ids; reason codes): letters, digits and
 * `._:-`, at most 64 characters, with no resident ID or mobile number inside it. Identifiers reach
 * workflow state, logs and reports, where personal data never goes.
 */
export function IsCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCode',
      validator: {
        validate: (value: unknown) => isCode(value),
        defaultMessage: () =>
          '$property must be a code (letters, digits, ._:-) with no ID or phone number in it',
      },
    },
    options,
  );
}

/** The same check for an identifier taken from the path. */
export function codeParam(name: string, value: string): string {
  if (!isCode(value)) {
    throw new ApiError(
      ErrorCodes.inputInvalid,
      400,
      `${name} must be a code (letters, digits, ._:-) with no ID or phone number in it`,
    );
  }
  return value;
}
