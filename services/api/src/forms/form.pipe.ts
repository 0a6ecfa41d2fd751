import { Body, Injectable, type PipeTransform } from '@nestjs/common';
import type * as z from 'zod';

import { ErrorCodes, checkForm, problemsSentence } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';
import { Takes } from '../openapi/answers';

/**
 * Checks a body against its form (libs/contracts/src/forms): the value the route receives holds
 * exactly the form's fields; a body that does not fit is refused with 400 INPUT.INVALID and every
 * problem at once, as the workflow's Update validators refuse the same form.
 */
@Injectable()
export class FormPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const checked = checkForm(this.schema, value);
    if (checked.ok) return checked.value;
    throw new ApiError(
      ErrorCodes.inputInvalid,
      400,
      `the request is not valid: ${problemsSentence(checked.problems)}`,
      checked.problems,
    );
  }
}

/**
 * A route's body as one of the forms: checked by FormPipe and documented as the route's JSON body
 * (`Takes`), so that the route names its form once.
 */
export const Form =
  (schema: z.ZodType): ParameterDecorator =>
  (target, key, index) => {
    Body(new FormPipe(schema))(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key === undefined || !descriptor) throw new Error('@Form() goes on a route method');
    Takes(schema)(target, key, descriptor);
  };
