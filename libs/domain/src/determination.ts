import {
  CaseStages,
  CodePattern,
  ErrorCodes,
  HouseholdClasses,
  type CaseStage,
  type DeterminationDecision,
  type DivisionCodes,
  type ErrorCode,
  type OpenTask,
} from '@fanpin/contracts';

import { outsideJurisdiction } from './access';

/** Why a decision cannot be taken. The message is safe to show: it carries no personal data. */
export interface DecisionProblem {
  code: ErrorCode;
  message: string;
}

/** The part of a case's state that decides whether a determination is allowed. */
export interface DeterminationContext {
  householdKey: string;
  divisions: DivisionCodes;
  stage: CaseStage;
  openTask: OpenTask | null;
  completedTaskIds: readonly string[];
}

/**
 * The refusal of an actor outside the jurisdiction of the case's household, which the validators
 * give before any other so that nothing of the case is told; the API answers it as CASE.NOT_FOUND.
 */
export function outOfScope(): DecisionProblem {
  return problem(ErrorCodes.caseOutOfScope, 'the case is outside your jurisdiction');
}

function problem(code: ErrorCode, message: string): DecisionProblem {
  return { code, message };
}

function checkBody(decision: DeterminationDecision): DecisionProblem | null {
  if (typeof decision.include !== 'boolean') {
    return problem(ErrorCodes.decisionInvalid, 'include must be true or false');
  }
  if (decision.include) {
    if (!HouseholdClasses.includes(decision.householdClass as never)) {
      return problem(ErrorCodes.decisionInvalid, 'an inclusion needs a householdClass');
    }
    if (decision.reasonCode !== undefined) {
      return problem(ErrorCodes.decisionInvalid, 'an inclusion takes no reasonCode');
    }
  } else {
    if (typeof decision.reasonCode !== 'string' || !CodePattern.test(decision.reasonCode)) {
      return problem(ErrorCodes.decisionInvalid, 'a refusal needs a reasonCode');
    }
    if (decision.householdClass !== undefined) {
      return problem(ErrorCodes.decisionInvalid, 'a refusal takes no householdClass');
    }
  }
  return null;
}

/**
 * Whether the city bureau's determination may be taken now. Pure: used by the workflow's Update
 * validator, so that a refused decision writes nothing to the case.
 */
export function checkDetermination(
  context: DeterminationContext,
  decision: DeterminationDecision,
): DecisionProblem | null {
  const household = {
    householdKey: context.householdKey,
    villageCode: context.divisions.villageCode,
  };
  // Jurisdiction first, and only here: the role check below need not ask it again.
  if (outsideJurisdiction((decision as Partial<DeterminationDecision> | null)?.actor, household)) {
    return outOfScope();
  }
  if (typeof decision?.taskId !== 'string') {
    return problem(ErrorCodes.decisionInvalid, 'taskId is required');
  }
  const actor = decision.actor;
  if (
    !actor ||
    actor.role !== 'city-bureau' ||
    typeof actor.id !== 'string' ||
    !CodePattern.test(actor.id)
  ) {
    return problem(ErrorCodes.accessDenied, 'only the city bureau of this household decides');
  }
  if (context.completedTaskIds.includes(decision.taskId)) {
    return problem(ErrorCodes.taskAlreadyDone, `task ${decision.taskId} is already completed`);
  }
  const task = context.openTask;
  if (context.stage !== CaseStages.cityDetermination || task?.kind !== 'city-determination') {
    return problem(ErrorCodes.caseWrongStage, `the case is at stage ${context.stage}`);
  }
  if (task.taskId !== decision.taskId) {
    return problem(ErrorCodes.taskNotOpen, `task ${decision.taskId} is not open in this case`);
  }
  return checkBody(decision);
}
