import { setHandler } from '@temporalio/workflow';

import { adoptPolicyUpdate, type PolicyAdoption } from '@fanpin/contracts';
import { checkPolicyAdoption, lineVersions, type DecisionProblem } from '@fanpin/domain';

import type { CaseState } from './case-state';
import type { CommandGate } from './command-gate';

/**
 * The city bureau moves the case onto the income lines published now (适用新标准): until then the
 * case keeps the lines it was opened with, whatever is published meanwhile. The API audits it.
 */
export function handlePolicy(
  state: CaseState,
  gate: CommandGate,
  refuse: (problem: DecisionProblem | null) => void,
): void {
  setHandler(
    adoptPolicyUpdate,
    (a: PolicyAdoption): Promise<{ yearLines: string[] }> | { yearLines: string[] } => {
      if (!gate.issued(state.summary.householdKey, adoptPolicyUpdate.name, a)) {
        return gate.refuse(state.ref, adoptPolicyUpdate.name, a, 'policy-adoption');
      }
      state.keepYearLines(a.yearLines, a.actor.id, a.reasonCode);
      return { yearLines: lineVersions(a.yearLines) };
    },
    {
      validator: (a: PolicyAdoption) => {
        refuse(
          checkPolicyAdoption(
            {
              householdKey: state.summary.householdKey,
              divisions: state.summary.divisions,
              stage: state.summary.stage,
              yearLines: state.yearLines,
            },
            a,
          ),
        );
        refuse(gate.unknownKey(a));
      },
    },
  );
}
