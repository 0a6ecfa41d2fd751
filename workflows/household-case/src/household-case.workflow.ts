import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

import {
  CaseSearchAttributes as SA,
  CaseStages,
  CaseStartMessage,
  ErrorCodes,
  TaskRoles,
  isCode,
  alertSignal,
  appraisePlanUpdate,
  commandKeysChangedSignal,
  completeTaskUpdate,
  deadlinesRecountedSignal,
  fastTrackUpdate,
  grantReliefUpdate,
  lodgeObjectionUpdate,
  moveHouseholdUpdate,
  rollBackEliminationUpdate,
  summaryQuery,
  type AlertRef,
  type EliminationRollback,
  type EliminationRollbackResult,
  type FastTrack,
  type FastTrackResult,
  type HouseholdCaseInput,
  type HouseholdCaseResult,
  type HouseholdClass,
  type HouseholdMove,
  type DivisionCodes,
  type ObjectionLodging,
  type ObjectionLodgingResult,
  type PlanAppraisal,
  type PlanAppraisalResult,
  type ReliefGrant,
  type ReliefGrantResult,
  type TaskCompletion,
  type TaskCompletionResult,
  type TaskFormOf,
} from '@fanpin/contracts';
import {
  checkFastTrack,
  checkMove,
  checkObjection,
  checkPlanAppraisal,
  checkRelief,
  checkRollback,
  checkTaskCompletion,
  type DecisionProblem,
} from '@fanpin/domain';

import { caseOpening, scheduling, verification } from './activities';
import { CaseState } from './case-state';
import { CommandGate } from './command-gate';
import {
  NoticeBoard,
  awaitReport,
  firstVillageTaskId,
  identify,
  stageAfter,
} from './identification';
import { Monitor, RollbackBox } from './monitoring';
import { handlePolicy } from './policy-lines';
import { TaskBoard } from './task-board';

/** Whose household the case is, where it lives and where the case stands: what every check needs. */
function whereCaseIs(state: CaseState) {
  const { householdKey, divisions, stage } = state.summary;
  return { householdKey, divisions, stage };
}

/** Refuses an Update: its validator throws, so nothing is written to the case's history. */
function refuse(problem: DecisionProblem | null): void {
  if (problem) {
    throw ApplicationFailure.create({
      type: problem.code,
      message: problem.message,
      nonRetryable: true,
      ...(problem.details ? { details: [problem.details] } : {}),
    });
  }
}

/**
 * One household case: one monitoring period of one household (plan §4.3). It opens the case, runs
 * identification below the city (village verification, democratic appraisal, public notice with
 * objections, township re-verification, the half-monthly report), waits for the city bureau's
 * determination and, on inclusion, enters the household into the national system and monitors it
 * with its assistance plan until the risk is marked eliminated.
 */
export async function householdCase(input: HouseholdCaseInput): Promise<HouseholdCaseResult> {
  const gate = new CommandGate();
  const info = workflowInfo();
  // A run that continues another was started by this workflow itself; any other start must carry
  // the signature of the API (or the intake service). Its shape is checked before anything reads
  // it, its signature once the run has read its keys (below): a case started by anyone else does
  // nothing, and the attempt is audited.
  const refuseStart = async (): Promise<never> => {
    const ref = { caseId: info.workflowId, runId: info.runId };
    await gate.audit(ref, CaseStartMessage, null, null, 'start');
    throw ApplicationFailure.create({
      type: ErrorCodes.commandNotIssued,
      message: 'the case was not started by the API: refused and audited',
      nonRetryable: true,
    });
  };
  const continued = info.continuedFromExecutionRunId !== undefined;
  if (!continued && !isCaseInput(input)) return refuseStart();
  const state = new CaseState(input, input.resume ? CaseStages.monitoring : CaseStages.intake);
  const board = new TaskBoard(state, input);
  const notice = new NoticeBoard(state);
  const rollback = new RollbackBox();
  const pendingHandlers = () => !allHandlersFinished();
  const monitor = (householdClass: HouseholdClass) =>
    new Monitor(input, state, board, notice, rollback, pendingHandlers, householdClass);
  let current: Monitor | undefined = input.resume
    ? monitor(input.resume.householdClass)
    : undefined;
  handleTasks(state, board, notice, input, gate, () => current);
  handleRollback(state, rollback, gate);
  handleMove(state, gate);
  handleSuddenHardship(state, gate, input);
  handlePlanAppraisal(state, gate, () => current);
  handlePolicy(state, gate, refuse);
  setHandler(alertSignal, async (alert) => {
    const { householdKey } = state.summary;
    if (
      (await gate.admits({ householdKey, update: alertSignal.name, command: alert })) &&
      isAlertRef(alert)
    ) {
      state.attachAlert(alert);
      return;
    }
    const alertId = (alert as Partial<AlertRef> | null)?.alertId;
    await gate.audit(state.ref, alertSignal.name, null, isCode(alertId) ? alertId : null, 'signal');
  });
  setHandler(deadlinesRecountedSignal, async (recounted) => {
    const { householdKey } = state.summary;
    const update = deadlinesRecountedSignal.name;
    if (await gate.admits({ householdKey, update, command: recounted })) {
      board.recount(recounted);
      return;
    }
    // A signal cannot be refused: one the intake service did not sign changes nothing, and is
    // audited like a refused command (its recount id when it is a code).
    const recount = (recounted as { recount?: unknown } | null)?.recount;
    const target = isCode(recount) ? recount : null;
    await gate.audit(state.ref, deadlinesRecountedSignal.name, null, target, 'signal');
  });
  setHandler(commandKeysChangedSignal, async () => {
    await gate.load();
  });
  setHandler(summaryQuery, () => state.summary);
  const start = { householdKey: input.householdKey, update: CaseStartMessage, command: input };
  if (!(await gate.load(continued ? undefined : start))) return refuseStart();

  if (current) return current.run();

  const householdClass = await identifyAndDetermine(input, state, board, notice, pendingHandlers);
  if (householdClass === null) {
    state.moveTo(CaseStages.excluded);
    await condition(allHandlersFinished);
    return { caseId: state.summary.caseId, stage: state.summary.stage, nationalEntryId: null };
  }
  state.summary.householdClass = householdClass;
  state.moveTo(CaseStages.nationalEntry, [{ key: SA.householdClass, value: householdClass }]);
  current = monitor(householdClass);
  state.summary.nationalEntryId = await current.enter('inclusion');
  return current.run();
}

/**
 * Identification (§4.3 steps 1–3): opens the case with its first task, runs the steps below the
 * city, then the city bureau's determination. The class the city gave, or null when excluded.
 */
async function identifyAndDetermine(
  input: HouseholdCaseInput,
  state: CaseState,
  board: TaskBoard,
  notice: NoticeBoard,
  pendingHandlers: () => boolean,
): Promise<HouseholdClass | null> {
  const { steps, deadlines } = input.policy;
  const opened = await caseOpening.openCase({
    firstTask: {
      taskId: firstVillageTaskId,
      kind: 'village-verification',
      role: TaskRoles['village-verification'].role,
      deadline: steps.villageVerification,
    },
    ...state.ref,
    householdKey: input.householdKey,
    divisions: input.divisions,
    channel: input.channel,
    policyVersion: input.policy.version,
    identificationDeadline: deadlines.identification,
    ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
  });
  state.keepYearLines(opened.yearLines ?? []);
  const outcome = await identify(state, board, notice, steps, opened.firstTaskDue, pendingHandlers);
  if (outcome === 'excluded') return null;
  // The whole identification's deadline (from the case's opening) is the determination's due date, but its
  // clock stands still while the case waits for the half-monthly report: nobody in the case can
  // shorten that wait, and a case where everyone acted in time must not reach the city late.
  const wait = await awaitReport(state, steps);
  const due = await scheduling.resumedDue({ basis: opened.identificationDue.basis, ...wait });
  const task = await board.open(
    'city-determination',
    'determination-1',
    due,
    CaseStages.cityDetermination,
  );
  const decided = (await board.waitFor(task)).body as TaskFormOf<'city-determination'>;
  return decided.include ? (decided.householdClass ?? null) : null;
}

/** The Updates of the case's tasks, and of objections during a public notice. */
function handleTasks(
  state: CaseState,
  board: TaskBoard,
  notice: NoticeBoard,
  input: HouseholdCaseInput,
  gate: CommandGate,
  monitor: () => Monitor | undefined,
): void {
  const context = () => ({
    ...whereCaseIs(state),
    openTasks: state.summary.openTasks,
    completedTaskIds: state.summary.completedTaskIds,
    withdrawnTaskIds: state.withdrawnTaskIds,
    incomeLine: input.policy.monitoring.incomeLine,
    rigidExpensesPercent: input.policy.monitoring.rigidExpensesPercent,
    safetyNetRequired: monitor()?.safetyNetRequired ?? false,
    yearLines: state.yearLines,
    stableVisits: monitor()?.stableVisits ?? 0,
    stableVisitsForElimination: input.policy.monitoring.stableVisitsForElimination,
  });
  setHandler(
    completeTaskUpdate,
    (c: TaskCompletion): Promise<TaskCompletionResult> | TaskCompletionResult => {
      if (!gate.issued(state.summary.householdKey, completeTaskUpdate.name, c)) {
        return gate.refuse(state.ref, completeTaskUpdate.name, c, c.taskId);
      }
      const task = state.summary.openTasks.find((t) => t.taskId === c.taskId);
      if (!task) throw ApplicationFailure.nonRetryable('task vanished', 'CASE.TASK_NOT_OPEN');
      const progress = monitor();
      if (progress && c.body.kind === 'assistance-measure' && c.body.status === 'in-progress') {
        return progress.reportProgress(task, c, c.body);
      }
      const next = stageAfter(c.body, state.summary.stage);
      const code = 'outcome' in c.body ? c.body.outcome : undefined;
      state.completeTask(c.taskId, c.actor.id, code);
      // The state has changed: answer now; the procedure writes the step when it takes this up.
      board.complete({ ...c, ...(next === CaseStages.excluded ? { closeAs: 'excluded' } : {}) });
      // A measure's end goes to its plan, not to a history step: the API audits it itself.
      const audited = c.audit !== undefined && task.kind !== 'assistance-measure';
      return { taskId: c.taskId, kind: task.kind, stage: next, ...(audited ? { audited } : {}) };
    },
    {
      validator: (c: TaskCompletion) => {
        refuse(checkTaskCompletion(context(), c));
        refuse(gate.unknownKey(c));
      },
    },
  );

  const objections = new Map<string, string>();
  setHandler(
    lodgeObjectionUpdate,
    async (o: ObjectionLodging): Promise<ObjectionLodgingResult> => {
      if (!gate.issued(state.summary.householdKey, lodgeObjectionUpdate.name, o)) {
        return gate.refuse(state.ref, lodgeObjectionUpdate.name, o, `objection-${o.objectionId}`);
      }
      const known = objections.get(o.objectionId);
      if (known) return { objectionId: o.objectionId, taskId: known };
      // Numbered by every objection of the period, so that a continued run never reuses an id.
      const taskId = `objection-review-${state.summary.objectionIds.length + 1}`;
      objections.set(o.objectionId, taskId);
      state.summary.objectionIds.push(o.objectionId);
      state.note('objection', { by: o.actor.id, code: o.groundsCode });
      await verification.recordStep({
        ...state.ref,
        stepId: `objection-${o.objectionId}`,
        kind: 'objection',
        actor: o.actor.id,
        detail: { objectionId: o.objectionId, groundsCode: o.groundsCode, reviewTaskId: taskId },
      });
      notice.add(
        await board.openDue('objection-review', taskId, input.policy.steps.objectionReview),
      );
      return { objectionId: o.objectionId, taskId };
    },
    {
      validator: (o: ObjectionLodging) => {
        // A repeat of a lodged objection is answered with its first result, even later.
        const repeat = objections.has((o as Partial<ObjectionLodging> | null)?.objectionId ?? '');
        const taken = notice.isOpen || repeat;
        refuse(
          checkObjection(
            {
              householdKey: state.summary.householdKey,
              divisions: state.summary.divisions,
              stage: taken ? CaseStages.publicNotice : state.summary.stage,
              objectionIds: state.summary.objectionIds,
            },
            o,
          ),
        );
        // The notice has ended; its reviews may still run, but it takes no new objection.
        if (!taken) {
          refuse({ code: ErrorCodes.caseWrongStage, message: 'the public notice has ended' });
        }
        refuse(gate.unknownKey(o));
      },
    },
  );
}

/** The city bureau rolls back a risk-eliminated mark; the same rollback id twice is one rollback. */
function handleRollback(state: CaseState, rollback: RollbackBox, gate: CommandGate): void {
  setHandler(
    rollBackEliminationUpdate,
    (r: EliminationRollback): Promise<EliminationRollbackResult> | EliminationRollbackResult => {
      if (!gate.issued(state.summary.householdKey, rollBackEliminationUpdate.name, r)) {
        const target = `elimination-rollback-${r.rollbackId}`;
        return gate.refuse(state.ref, rollBackEliminationUpdate.name, r, target);
      }
      rollback.request ??= r;
      return { rollbackId: r.rollbackId, stage: CaseStages.monitoring };
    },
    {
      validator: (r: EliminationRollback) => {
        // The rollback asked for already is answered again (as if the case still stood eliminated),
        // but, like any other, only to the city bureau of the household.
        const repeat =
          rollback.request !== null &&
          rollback.request.rollbackId === (r as Partial<EliminationRollback> | null)?.rollbackId;
        const stage = repeat
          ? CaseStages.riskEliminated
          : rollback.open && rollback.request === null
            ? state.summary.stage
            : CaseStages.monitoring;
        refuse(
          checkRollback(
            { householdKey: state.summary.householdKey, divisions: state.summary.divisions, stage },
            r,
          ),
        );
        refuse(gate.unknownKey(r));
      },
    },
  );
}

/** The household moved (迁移): the case follows it, its later inbox rows and search attributes too. */
function handleMove(state: CaseState, gate: CommandGate): void {
  setHandler(
    moveHouseholdUpdate,
    (m: HouseholdMove): Promise<{ divisions: DivisionCodes }> | { divisions: DivisionCodes } => {
      if (!gate.issued(state.summary.householdKey, moveHouseholdUpdate.name, m)) {
        return gate.refuse(state.ref, moveHouseholdUpdate.name, m, 'household-move');
      }
      state.moveHousehold(m.divisions, m.actor.id, m.reasonCode);
      return { divisions: m.divisions };
    },
    {
      validator: (m: HouseholdMove) => {
        refuse(
          checkMove(
            { householdKey: state.summary.householdKey, divisions: state.summary.divisions },
            m,
          ),
        );
        refuse(gate.unknownKey(m));
      },
    },
  );
}

/**
 * A household in sudden severe difficulty (突发严重困难户, plan §5 (三)): emergency relief recorded on
 * the day while identification goes on, and the city bureau's fast track past the half-monthly
 * cut-off (awaitReport waits for it) where the case's policy allows it.
 */
function handleSuddenHardship(
  state: CaseState,
  gate: CommandGate,
  input: HouseholdCaseInput,
): void {
  const context = () => whereCaseIs(state);
  const answer = (reliefId: string): ReliefGrantResult => ({
    reliefId,
    stage: state.summary.stage,
    reliefs: [...(state.summary.reliefs ?? [])],
  });
  setHandler(
    grantReliefUpdate,
    async (r: ReliefGrant): Promise<ReliefGrantResult> => {
      if (!gate.issued(state.summary.householdKey, grantReliefUpdate.name, r)) {
        return gate.refuse(state.ref, grantReliefUpdate.name, r, `relief-${r.reliefId}`);
      }
      const reliefs = (state.summary.reliefs ??= []);
      if (reliefs.some((known) => known.reliefId === r.reliefId)) return answer(r.reliefId);
      const { reliefId, kind, amount, grantedOn, reasonCode } = r;
      reliefs.push({ reliefId, kind, amount, grantedOn, reasonCode, by: r.actor.id });
      state.note('emergency-relief', { by: r.actor.id, code: reasonCode });
      const result = answer(reliefId);
      await verification.recordStep({
        ...state.ref,
        stepId: `relief-${reliefId}`,
        kind: 'emergency-relief',
        actor: r.actor.id,
        detail: { reliefId, kind, amount, grantedOn, reasonCode },
      });
      return result;
    },
    {
      validator: (r: ReliefGrant) => {
        refuse(checkRelief(context(), r));
        refuse(gate.unknownKey(r));
      },
    },
  );
  setHandler(
    fastTrackUpdate,
    async (f: FastTrack): Promise<FastTrackResult> => {
      if (!gate.issued(state.summary.householdKey, fastTrackUpdate.name, f)) {
        return gate.refuse(state.ref, fastTrackUpdate.name, f, 'fast-track');
      }
      const waiting = state.summary.stage === CaseStages.awaitingReport;
      const stage = waiting ? CaseStages.cityDetermination : state.summary.stage;
      if (state.summary.fastTrack) return { stage };
      state.summary.fastTrack = true;
      state.note('fast-track', { by: f.actor.id, code: f.reasonCode });
      await verification.recordStep({
        ...state.ref,
        stepId: 'fast-track',
        kind: 'fast-track',
        actor: f.actor.id,
        detail: { reasonCode: f.reasonCode, stage: state.summary.stage },
      });
      return { stage };
    },
    {
      validator: (f: FastTrack) => {
        refuse(
          checkFastTrack(
            {
              ...context(),
              suddenHardship: (state.summary.reliefs ?? []).length > 0,
              allowed: input.policy.suddenHardshipFastTrack === true,
            },
            f,
          ),
        );
        refuse(gate.unknownKey(f));
      },
    },
  );
}

/**
 * A village meeting's appraisal of the plan in force (plan §4.3: measures go through democratic
 * appraisal and public notice), taken by the monitoring period that adopted it.
 */
function handlePlanAppraisal(
  state: CaseState,
  gate: CommandGate,
  monitor: () => Monitor | undefined,
): void {
  setHandler(
    appraisePlanUpdate,
    async (a: PlanAppraisal): Promise<PlanAppraisalResult> => {
      if (!gate.issued(state.summary.householdKey, appraisePlanUpdate.name, a)) {
        return gate.refuse(state.ref, appraisePlanUpdate.name, a, `plan-appraisal-${a.planNo}`);
      }
      // The validator saw the monitoring period: it is there.
      return (monitor() as Monitor).appraisePlan(a);
    },
    {
      validator: (a: PlanAppraisal) => {
        const plans = monitor()?.planState ?? { plans: 0, appraisedPlans: [] };
        refuse(checkPlanAppraisal({ ...whereCaseIs(state), ...plans }, a));
        refuse(gate.unknownKey(a));
      },
    },
  );
}

/** An alert reference as the ways in send one: codes only (a signed one always is). */
function isAlertRef(alert: unknown): alert is AlertRef {
  if (typeof alert !== 'object' || alert === null) return false;
  const { alertId, source, triggers } = alert as Partial<Record<keyof AlertRef, unknown>>;
  return (
    isCode(alertId) &&
    typeof source === 'string' &&
    /^[a-z-]{1,32}$/.test(source) &&
    Array.isArray(triggers) &&
    triggers.every((t) => Number.isInteger(t))
  );
}

/** A start input of the shape the ways in send (a signed one always is), safe to read. */
function isCaseInput(input: unknown): input is HouseholdCaseInput {
  if (typeof input !== 'object' || input === null) return false;
  const { householdKey, divisions, channel, policy, resume, carriedAlertIds } = input as Partial<
    Record<keyof HouseholdCaseInput, unknown>
  >;
  const codes = divisions as Partial<Record<string, unknown>> | null | undefined;
  return (
    typeof householdKey === 'string' &&
    typeof codes === 'object' &&
    codes !== null &&
    ['countyCode', 'townshipCode', 'villageCode'].every((k) => typeof codes[k] === 'string') &&
    typeof channel === 'string' &&
    typeof policy === 'object' &&
    policy !== null &&
    resume === undefined &&
    (carriedAlertIds === undefined || Array.isArray(carriedAlertIds))
  );
}
