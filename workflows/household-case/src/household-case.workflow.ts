import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  setHandler,
} from '@temporalio/workflow';
import { msToNumber, type Duration } from '@temporalio/common/lib/time';

import {
  CaseSearchAttributes as SA,
  CaseStages,
  alertSignal,
  determineUpdate,
  summaryQuery,
  type DeterminationDecision,
  type DeterminationResult,
  type HouseholdCaseInput,
  type HouseholdCaseResult,
  type HouseholdClass,
  type OpenCaseResult,
  type OpenTask,
} from '@fanpin/contracts';
import { checkDetermination } from '@fanpin/domain';

import { assistance, intake, nationalEntry, verification } from './activities';
import { CaseState } from './case-state';

/**
 * One household case: one monitoring period of one household (plan §4.3). This first slice opens the
 * case, waits for the city bureau's determination and, on inclusion, enters the household into the
 * national system and opens its assistance plan.
 */
export async function householdCase(input: HouseholdCaseInput): Promise<HouseholdCaseResult> {
  const state = new CaseState(input, CaseStages.intake);
  let decision: DeterminationDecision | undefined;

  setHandler(alertSignal, (alert) => state.attachAlert(alert.alertId));
  setHandler(summaryQuery, () => state.summary);
  setHandler(
    determineUpdate,
    async (d): Promise<DeterminationResult> => {
      state.completeTask(d.taskId);
      const nextStage = d.include ? CaseStages.nationalEntry : CaseStages.excluded;
      await verification.recordDecision({
        caseId: state.summary.caseId,
        runId: state.summary.runId,
        taskId: d.taskId,
        include: d.include,
        householdClass: d.householdClass ?? null,
        reasonCode: d.reasonCode ?? null,
        decidedBy: d.actor?.id ?? d.decidedBy ?? 'unknown',
        nextStage,
      });
      decision = d;
      state.moveTo(
        nextStage,
        d.householdClass ? [{ key: SA.householdClass, value: d.householdClass }] : [],
      );
      return { taskId: d.taskId, stage: nextStage, include: d.include };
    },
    {
      validator: (d: DeterminationDecision) => {
        const problem = checkDetermination(state.summary, d);
        if (problem) {
          throw ApplicationFailure.create({
            type: problem.code,
            message: problem.message,
            nonRetryable: true,
          });
        }
      },
    },
  );

  const opened = await openCase(input, state);
  await awaitDetermination(input, state, opened, () => decision !== undefined);
  if (decision?.include && decision.householdClass) {
    await enterAndPlan(state, decision.householdClass);
  }
  await condition(allHandlersFinished);
  return {
    caseId: state.summary.caseId,
    stage: state.summary.stage,
    nationalEntryId: state.summary.nationalEntryId,
  };
}

function openCase(input: HouseholdCaseInput, state: CaseState): Promise<OpenCaseResult> {
  const identificationDeadline = input.policy.deadlines?.identification;
  return intake.openCase({
    caseId: state.summary.caseId,
    runId: state.summary.runId,
    householdKey: input.householdKey,
    divisions: input.divisions,
    channel: input.channel,
    policyVersion: input.policy.version,
    ...(identificationDeadline ? { identificationDeadline } : {}),
  });
}

/**
 * When the city's determination is due. Policies with deadlines have intake compute it on the
 * official calendar (recorded in history with the activity's result); runs started before that
 * count a plain duration from the moment the task opens.
 */
function determinationDue(
  input: HouseholdCaseInput,
  opened: OpenCaseResult,
): Pick<OpenTask, 'dueAt' | 'dueAtProblem'> {
  if (input.policy.deadlines) {
    return {
      dueAt: opened.identificationDueAt ?? null,
      ...(opened.identificationDueAtProblem
        ? { dueAtProblem: opened.identificationDueAtProblem }
        : {}),
    };
  }
  const legacyMs = msToNumber((input.policy.determinationDeadline ?? '20 days') as Duration);
  return { dueAt: new Date(Date.now() + legacyMs).toISOString() };
}

async function awaitDetermination(
  input: HouseholdCaseInput,
  state: CaseState,
  opened: OpenCaseResult,
  decided: () => boolean,
): Promise<void> {
  const due = determinationDue(input, opened);
  state.await(CaseStages.cityDetermination, {
    taskId: 'determination-1',
    kind: 'city-determination',
    awaitingRole: 'city-bureau',
    ...due,
  });
  if (due.dueAt === null) {
    await condition(decided);
    return;
  }
  if (!(await condition(decided, Math.max(1, Date.parse(due.dueAt) - Date.now())))) {
    state.markOverdue();
    await condition(decided);
  }
}

async function enterAndPlan(state: CaseState, householdClass: HouseholdClass): Promise<void> {
  const ref = { caseId: state.summary.caseId, runId: state.summary.runId };
  const { entryId } = await nationalEntry.enterMonitoringObject({
    ...ref,
    householdKey: state.summary.householdKey,
    villageCode: state.summary.divisions.villageCode,
    householdClass,
    event: 'inclusion',
  });
  state.summary.nationalEntryId = entryId;
  state.moveTo(CaseStages.assistancePlanning);
  await assistance.openAssistancePlan({ ...ref, householdClass });
  state.moveTo(CaseStages.included);
}
