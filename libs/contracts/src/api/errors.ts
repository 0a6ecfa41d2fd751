import { z } from '../forms/zod';

import { view } from './fields';

/**
 * One thing wrong with a request, as the API answers it (`details`) and the workflow's validators
 * refuse it: where, which rule, and what the value must be. Never the value itself, which may be a
 * name or an ID number.
 */
export const FieldProblem = view('FieldProblem', {
  field: z.string().meta({
    description:
      "Path in the body or query: `incomePerCapita`, `assurances.food`, `measures[0].dueOn`; '' for the whole of it",
  }),
  rule: z.string().meta({
    description:
      'The rule broken: `required`, `type`, `one-of`, `min`, `max`, `format`, `unknown-field`, `distinct`, `not-allowed`, or `rule` for a rule between fields',
    examples: ['required'],
  }),
  message: z.string().meta({
    description: 'In English, naming the field: "incomePerCapita must be at most 10000000"',
  }),
});
export type FieldProblem = z.infer<typeof FieldProblem>;

/** Every error the API answers, whatever its status. */
export const ErrorBody = view({
  code: z.string().meta({
    description:
      'A stable code: `INPUT.*`, `AUTH.*`, `ACCESS.DENIED`, `CASE.*`, `TEMPORAL.UNAVAILABLE`… (each operation lists those it may answer)',
    examples: ['CASE.TASK_NOT_OPEN'],
  }),
  message: z.string().meta({ description: 'In English; never a value that was sent' }),
  correlationId: z.string().meta({
    description: 'Also in the `x-correlation-id` header: quote it when asking about a request',
  }),
  details: z.array(FieldProblem).optional().meta({
    description: 'A request that does not fit its schema: every problem at once',
  }),
}).meta({ id: 'ErrorBody', title: 'An error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
