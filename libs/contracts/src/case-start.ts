import type { SearchAttributePair } from '@temporalio/common';

import type { AlertRef, HouseholdCaseInput } from './case';
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
export function caseSignalWithStart(input: HouseholdCaseInput, alert: AlertRef) {
  const typedSearchAttributes: SearchAttributePair[] = [
    { key: SA.stage, value: CaseStages.intake },
    { key: SA.entryChannel, value: input.channel },
    { key: SA.countyCode, value: input.divisions.countyCode },
    { key: SA.townshipCode, value: input.divisions.townshipCode },
    { key: SA.villageCode, value: input.divisions.villageCode },
    { key: SA.overdue, value: false },
  ];
  return {
    workflowId: caseWorkflowId(input.householdKey),
    taskQueue: TaskQueues.householdCase,
    args: [input] as [HouseholdCaseInput],
    signal: alertSignal,
    signalArgs: [alert] as [AlertRef],
    typedSearchAttributes,
  };
}
