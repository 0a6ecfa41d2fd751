import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';
import type * as z from 'zod';

import { ErrorBody } from '@fanpin/contracts';

import { refTo } from './components';

/**
 * How a route documents what it takes and answers, each with its schema from libs/contracts. Answers
 * of the same status add up (their descriptions are joined), so a route lists each reason once.
 */

/** A success answer: its status and the component of its body. */
export const Answers = (status: number, schema: z.ZodType, description: string) =>
  ApiResponse({ status, description, schema: refTo(schema) });

/** An error answer: its status and the stable codes it carries (the body is always ErrorBody). */
export const Fails = (status: number, description: string) =>
  ApiResponse({ status, description, schema: refTo(ErrorBody) });

/** The 400 of a route whose body is a form that does not fit it. */
export const FORM_REFUSED = 'INPUT.INVALID: the form does not fit (every problem in details)';

/** A JSON body: a form of libs/contracts. */
export const Takes = (schema: z.ZodType) =>
  applyDecorators(ApiConsumes('application/json'), ApiBody({ schema: refTo(schema) }));

/** A route that asks a case's workflow (a query or an Update) and waits for its answer. */
export const ReachesTemporal = () =>
  applyDecorators(
    Fails(503, 'TEMPORAL.UNAVAILABLE: the workflow service is unavailable; try again'),
    Fails(
      504,
      'TEMPORAL.UNAVAILABLE: the case did not answer in time; the same request again gets its answer',
    ),
  );
