import { ErrorCodes, type ErrorCode, type FieldProblem } from '@fanpin/contracts';

/** Why a decision cannot be taken. The message is safe to show: it carries no personal data. */
export interface DecisionProblem {
  code: ErrorCode;
  message: string;
  /** A form that does not fit: every problem, as the API lists them. */
  details?: FieldProblem[];
}

/**
 * The refusal of an actor outside the jurisdiction of the case's household, which the validators
 * give before any other so that nothing of the case is told; the API answers it as CASE.NOT_FOUND.
 */
export function outOfScope(): DecisionProblem {
  return { code: ErrorCodes.caseOutOfScope, message: 'the case is outside your jurisdiction' };
}
