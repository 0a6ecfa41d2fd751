import type { SearchAttributePair } from '@temporalio/common';

import type { AlertRef, HouseholdCaseInput } from './case';
import type { Signed } from './commands';
import { caseWorkflowId } from './case';
import { CaseStages } from './case';
import { alertSignal } from './messages';
import { CaseSearchAttributes as SA } from './search-attributes';
import { TaskQueues } from './task-queues';

/**
 * How every way in starts a household case: Signal-With-Start on the household's workflow id, so
 * the alert either opens the case or joins the open one, atomically. The search attributes make the
 * case findable from its first moment: codes only.
 */
/** Signs a command to a case (`CommandSigner.sign` of the API or the intake service). */
export type SignCommand = <T extends object>(
  caseId: string,
  message: string,
  command: T,
) => T & Signed;

/** The name a case's start input is signed under (its workflow type). */
export const CaseStartMessage = 'householdCase';

export function caseSignalWithStart(input: HouseholdCaseInput, alert: AlertRef, sign: SignCommand) {
  const workflowId = caseWorkflowId(input.householdKey);
  const typedSearchAttributes: SearchAttributePair[] = [
    { key: SA.stage, value: CaseStages.intake },
    { key: SA.entryChannel, value: input.channel },
    { key: SA.countyCode, value: input.divisions.countyCode },
    { key: SA.townshipCode, value: input.divisions.townshipCode },
    { key: SA.villageCode, value: input.divisions.villageCode },
    { key: SA.overdue, value: false },
  ];
  return {
    workflowId,
    taskQueue: TaskQueues.householdCase,
    // Both signed: a case started or told of an alert by anyone else refuses it (see commands.ts).
    args: [sign(workflowId, CaseStartMessage, input)] as [HouseholdCaseInput],
    signal: alertSignal,
    signalArgs: [sign(workflowId, alertSignal.name, alert)] as [AlertRef],
    typedSearchAttributes,
  };
}
