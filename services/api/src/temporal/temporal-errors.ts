import {
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

import { ErrorCodes, type FieldProblem } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';

/** gRPC status codes (the numbers are fixed by the gRPC specification). */
const GrpcStatus = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, UNAVAILABLE: 14 } as const;

/** HTTP status of each code a workflow validator may refuse with. */
const statusOfCode: Record<string, number> = {
  // A form the API would have refused too: the same problems, answered the same way.
  [ErrorCodes.inputInvalid]: 400,
  [ErrorCodes.taskNotOpen]: 409,
  [ErrorCodes.taskAlreadyDone]: 409,
  [ErrorCodes.caseWrongStage]: 409,
  [ErrorCodes.decisionInvalid]: 422,
  [ErrorCodes.eliminationRefused]: 422,
  [ErrorCodes.fastTrackRefused]: 422,
  [ErrorCodes.accessDenied]: 403,
  [ErrorCodes.policyAlreadyAdopted]: 409,
  // Never answered as such: the API audits it and answers CASE.NOT_FOUND (CasesService.decide).
  [ErrorCodes.caseOutOfScope]: 404,
};

/** A validator's details when they are the problems of a form (never anything else). */
function fieldProblems(details: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(details)) return undefined;
  const ok = details.every(
    (p: Partial<Record<keyof FieldProblem, unknown>>) =>
      typeof p?.field === 'string' && typeof p.rule === 'string' && typeof p.message === 'string',
  );
  return ok
    ? details.map(({ field, rule, message }: FieldProblem) => ({ field, rule, message }))
    : undefined;
}

function grpcCode(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.code;
  return undefined;
}

const answeredLate = () =>
  new ApiError(ErrorCodes.temporalUnavailable, 504, 'the case did not answer in time; try again');

/** Turns what Temporal answered into a stable API error, or undefined when it is not one we know. */
export function fromTemporalError(error: unknown): ApiError | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type ?? ErrorCodes.internal;
    const status = statusOfCode[code];
    const details = error.cause.details?.[0];
    return status
      ? new ApiError(code, status, error.cause.message, fieldProblems(details))
      : undefined;
  }
  if (error instanceof WorkflowNotFoundError) {
    return new ApiError(ErrorCodes.caseNotFound, 404, 'no such open case');
  }
  // The Update may still complete: the same request again gets its answer (same Update id).
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return answeredLate();
  switch (grpcCode(error)) {
    case GrpcStatus.NOT_FOUND:
      return new ApiError(ErrorCodes.caseNotFound, 404, 'no such open case');
    case GrpcStatus.DEADLINE_EXCEEDED:
      return answeredLate();
    case GrpcStatus.UNAVAILABLE:
      return new ApiError(
        ErrorCodes.temporalUnavailable,
        503,
        'the workflow service is unavailable',
      );
    default:
      return undefined;
  }
}
