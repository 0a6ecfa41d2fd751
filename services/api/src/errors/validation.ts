import { ValidationPipe, type ValidationError } from '@nestjs/common';

import { ErrorCodes, problemsSentence, unknownFields, type FieldProblem } from '@fanpin/contracts';

import { ApiError } from './api-error';

/** class-validator's constraint names, as the rules of the forms name them (FieldProblem.rule). */
const RULE_OF: Record<string, string> = {
  isDefined: 'required',
  isString: 'type',
  isInt: 'type',
  isNumber: 'type',
  isBoolean: 'type',
  isObject: 'type',
  isIn: 'one-of',
  isEnum: 'one-of',
  matches: 'format',
  isCode: 'format',
  min: 'min',
  minLength: 'min',
  max: 'max',
  maxLength: 'max',
};

/** Which rule to tell when a field breaks several: the first it breaks in this order. */
const ORDER = ['required', 'type', 'one-of', 'format', 'min', 'max', 'invalid'];

const pathOf = (prefix: string, property: string) =>
  prefix === '' ? property : `${prefix}.${property}`;

/** The one problem of a field that is there but wrong: its first broken rule, in the pipe's words. */
function wrongValue(field: string, constraints: Record<string, string>): FieldProblem {
  const [rule, message] = Object.entries(constraints)
    .map(([name, text]) => [RULE_OF[name] ?? 'invalid', text] as const)
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))[0] as readonly [string, string];
  return { field, rule, message };
}

/**
 * Every problem of a request DTO, as a form's problems are told: field paths and rules, one problem
 * per field, and an unknown field named when its name is a plain one. The messages are
 * class-validator's, which name the field and the rule, never the value; `value` is read only to
 * tell a missing field from a wrong one.
 */
function problemsOf(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const unknown = errors.filter((e) => e.constraints?.whitelistValidation);
  const problems = errors.flatMap((e): FieldProblem[] => {
    const field = pathOf(prefix, e.property);
    const nested = problemsOf(e.children ?? [], field);
    if (!e.constraints || e.constraints.whitelistValidation) return nested;
    if (e.constraints.unknownValue) {
      return [{ field: prefix, rule: 'type', message: 'the request must be an object' }];
    }
    if (e.value === undefined && e.property) {
      return [{ field, rule: 'required', message: `${field} is required` }, ...nested];
    }
    return [wrongValue(field, e.constraints), ...nested];
  });
  const of = prefix === '' ? 'request' : 'object';
  return [
    ...problems,
    ...unknownFields(
      prefix,
      unknown.map((e) => e.property),
      of,
    ),
  ];
}

/** Strict DTO validation: unknown fields refused, types checked, one 400 with every problem. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // The value stays inside: it tells a missing field from a wrong one, and is never answered.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const problems = problemsOf(errors);
      return new ApiError(
        ErrorCodes.inputInvalid,
        400,
        `the request is not valid: ${problemsSentence(problems)}`,
        problems,
      );
    },
  });
}
