import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  setHandler,
} from '@temporalio/workflow';
import { msToNumber, type Duration } from '@temporalio/common/lib/time';

import {
  CaseSearchAttributes as SA,
  CaseStages,
  ErrorCodes,
  TaskRoles,
  alertSignal,
  completeTaskUpdate,
  determineUpdate,
  lodgeObjectionUpdate,
  rollBackEliminationUpdate,
  summaryQuery,
  type AssistanceMeasureBody,
  type EliminationRollback,
  type EliminationRollbackResult,
  type DeterminationDecision,
  type DeterminationResult,
  type ObjectionLodging,
  type ObjectionLodgingResult,
  type StepDeadlines,
  type TaskCompletion,
  type TaskCompletionResult,
  type HouseholdCaseInput,
  type HouseholdCaseResult,
  type HouseholdClass,
  type ManualNationalEntryBody,
  type OpenCaseResult,
  type OpenTask,
} from '@fanpin/contracts';
import {
  checkDetermination,
  checkObjection,
  checkRollback,
  checkTaskCompletion,
} from '@fanpin/domain';

import { assistance, intake, nationalEntry, verification } from './activities';
import { CaseState } from './case-state';
import { NoticeBoard, firstVillageTaskId, identify, stageAfter } from './identification';
import { Monitor, RollbackBox, isNationalRejection } from './monitoring';
import { TaskBoard, stepAudit } from './task-board';

/**
 * Patch: a task's Update answers once the case's state has changed, and the step is written to the
 * case history right after by the procedure (runs before it wrote the history inside the Update).
 * Decided when a run starts, like the task board's patches: a patch first decided inside an Update
 * puts its marker, and the `TemporalChangeVersion` search attribute upsert (a visibility write)
 * that comes with it, into the workflow task that answers the Update. Runs recorded before that
 * decided it in their first task's Update, and still do.
 */
const answerBeforeRecord = 'answer-before-record';

function refuse(problem: { code: string; message: string } | null): void {
  if (problem) {
    throw ApplicationFailure.create({
      type: problem.code,
      message: problem.message,
      nonRetryable: true,
    });
  }
}

/**
 * One household case: one monitoring period of one household (plan §4.3). It opens the case; under
 * a policy with steps it runs identification below the city (village verification, democratic
 * appraisal, public notice with objections, township re-verification, the half-monthly report);
 * then it waits for the city bureau's determination and, on inclusion, enters the household into
 * the national system and opens its assistance plan.
 */
export async function householdCase(input: HouseholdCaseInput): Promise<HouseholdCaseResult> {
  const state = new CaseState(input, input.resume ? CaseStages.monitoring : CaseStages.intake);
  const board = new TaskBoard(state, input);
  const notice = new NoticeBoard();
  const rollback = new RollbackBox();
  let decision: DeterminationDecision | undefined;
  const { steps, monitoring } = input.policy;
  const monitor = (householdClass: HouseholdClass) =>
    steps && monitoring
      ? new Monitor(
          input,
          state,
          board,
          notice,
          steps,
          monitoring,
          rollback,
          () => !allHandlersFinished(),
          householdClass,
        )
      : undefined;
  let current: Monitor | undefined = input.resume
    ? monitor(input.resume.householdClass)
    : undefined;
  if (steps) handleTasks(state, board, notice, steps, input, () => current);
  if (monitoring) handleRollback(state, rollback);

  setHandler(alertSignal, (alert) => state.attachAlert(alert));
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
      if (d.actor) board.complete({ taskId: d.taskId, actor: d.actor, body: d });
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

  if (current) return current.run();

  const opened = await openCase(input, state);
  if (steps) {
    const firstDue = {
      dueAt: opened.firstTaskDueAt ?? null,
      ...(opened.firstTaskDueAtProblem ? { dueAtProblem: opened.firstTaskDueAtProblem } : {}),
    };
    const outcome = await identify(
      state,
      board,
      notice,
      steps,
      firstDue,
      () => !allHandlersFinished(),
    );
    if (outcome === 'excluded') {
      state.moveTo(CaseStages.excluded);
      await condition(allHandlersFinished);
      return { caseId: state.summary.caseId, stage: state.summary.stage, nationalEntryId: null };
    }
    await awaitDeterminationTask(input, state, opened, board);
  } else {
    await awaitDetermination(input, state, opened, () => decision !== undefined);
  }
  if (decision?.include && decision.householdClass) {
    current = monitor(decision.householdClass);
    if (current) {
      state.summary.nationalEntryId = await current.enter('inclusion');
      return current.run();
    }
    await enterAndPlan(state, decision.householdClass, steps ? { board, steps } : undefined);
  }
  await condition(allHandlersFinished);
  return {
    caseId: state.summary.caseId,
    stage: state.summary.stage,
    nationalEntryId: state.summary.nationalEntryId,
  };
}

/** The Updates of identification's tasks and of objections during a public notice. */
function handleTasks(
  state: CaseState,
  board: TaskBoard,
  notice: NoticeBoard,
  steps: StepDeadlines,
  input: HouseholdCaseInput,
  monitor: () => Monitor | undefined,
): void {
  const answersEarly = patched(answerBeforeRecord);
  const incomeLine = input.policy.monitoring?.incomeLine;
  const context = () => ({
    householdKey: state.summary.householdKey,
    divisions: state.summary.divisions,
    openTasks: state.summary.openTasks,
    completedTaskIds: state.summary.completedTaskIds,
    ...(incomeLine === undefined ? {} : { incomeLine }),
  });
  setHandler(
    completeTaskUpdate,
    async (c: TaskCompletion): Promise<TaskCompletionResult> => {
      const task = state.summary.openTasks.find((t) => t.taskId === c.taskId);
      if (!task) throw ApplicationFailure.nonRetryable('task vanished', 'CASE.TASK_NOT_OPEN');
      const progress = task.kind === 'assistance-measure' ? monitor() : undefined;
      if (progress && (c.body as AssistanceMeasureBody).status === 'in-progress') {
        return progress.reportProgress(task, c);
      }
      const next = stageAfter(task.kind, c.body, state.summary.stage);
      const code = (c.body as { outcome?: string; reasonCode?: string }).outcome;
      state.completeTask(c.taskId, c.actor.id, code);
      // A measure's end goes to its plan, not to a history step: the API audits it itself.
      const audited = c.audit !== undefined && task.kind !== 'assistance-measure';
      const answer = {
        taskId: c.taskId,
        kind: task.kind,
        stage: next,
        ...(audited ? { audited } : {}),
      };
      if (answersEarly || patched(answerBeforeRecord)) {
        // The state has changed: answer now; the procedure writes the history when it takes this up.
        board.complete({
          ...c,
          toRecord: next === CaseStages.excluded ? { closeAs: 'excluded' } : {},
        });
        return answer;
      }
      await verification.recordStep({
        caseId: state.summary.caseId,
        runId: state.summary.runId,
        stepId: c.taskId,
        kind: task.kind,
        actor: c.actor.id,
        detail: { ...c.body },
        ...(next === CaseStages.excluded ? { closeAs: 'excluded' as const } : {}),
        ...(audited ? stepAudit(c) : {}),
      });
      board.complete(c);
      return answer;
    },
    { validator: (c: TaskCompletion) => refuse(checkTaskCompletion(context(), c)) },
  );

  const objections = new Map<string, string>();
  setHandler(
    lodgeObjectionUpdate,
    async (o: ObjectionLodging): Promise<ObjectionLodgingResult> => {
      const known = objections.get(o.objectionId);
      if (known) return { objectionId: o.objectionId, taskId: known };
      // Numbered by every objection of the period, so that a continued run never reuses an id.
      const taskId = `objection-review-${state.summary.objectionIds.length + 1}`;
      objections.set(o.objectionId, taskId);
      state.summary.objectionIds.push(o.objectionId);
      state.note('objection', { by: o.actor.id, code: o.groundsCode });
      await verification.recordStep({
        caseId: state.summary.caseId,
        runId: state.summary.runId,
        stepId: `objection-${o.objectionId}`,
        kind: 'objection',
        actor: o.actor.id,
        detail: { objectionId: o.objectionId, groundsCode: o.groundsCode, reviewTaskId: taskId },
      });
      notice.add(await board.openDue('objection-review', taskId, steps.objectionReview));
      return { objectionId: o.objectionId, taskId };
    },
    {
      validator: (o: ObjectionLodging) => {
        // Jurisdiction first (in checkObjection): outside it, not even the stage is told.
        refuse(
          checkObjection(
            {
              householdKey: state.summary.householdKey,
              divisions: state.summary.divisions,
              // A repeat of a lodged objection is answered with its first result, even later.
              stage:
                notice.isOpen || objections.has(o.objectionId)
                  ? CaseStages.publicNotice
                  : state.summary.stage,
              objectionIds: state.summary.objectionIds,
            },
            o,
          ),
        );
        if (!notice.isOpen && !objections.has(o.objectionId)) {
          refuse({
            code: 'CASE.WRONG_STAGE',
            message: 'objections are taken during a public notice',
          });
        }
      },
    },
  );
}

/** The city bureau rolls back a risk-eliminated mark; the same rollback id twice is one rollback. */
function handleRollback(state: CaseState, rollback: RollbackBox): void {
  setHandler(
    rollBackEliminationUpdate,
    (r: EliminationRollback): EliminationRollbackResult => {
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
      },
    },
  );
}

function openCase(input: HouseholdCaseInput, state: CaseState): Promise<OpenCaseResult> {
  const identificationDeadline = input.policy.deadlines?.identification;
  const steps = input.policy.steps;
  return intake.openCase({
    ...(steps
      ? {
          firstTask: {
            taskId: firstVillageTaskId,
            kind: 'village-verification' as const,
            role: TaskRoles['village-verification'].role,
            deadline: steps.villageVerification,
          },
        }
      : {}),
    caseId: state.summary.caseId,
    runId: state.summary.runId,
    householdKey: input.householdKey,
    divisions: input.divisions,
    channel: input.channel,
    policyVersion: input.policy.version,
    ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
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

/** The city's determination as a task of the board: in the inbox, escalated when overdue. */
async function awaitDeterminationTask(
  input: HouseholdCaseInput,
  state: CaseState,
  opened: OpenCaseResult,
  board: TaskBoard,
): Promise<void> {
  const task = await board.open(
    'city-determination',
    'determination-1',
    determinationDue(input, opened),
    CaseStages.cityDetermination,
  );
  await board.waitFor(task);
}

/**
 * Enters the household into the national system. Under a policy with steps, a permanent rejection
 * becomes a task for the city bureau to enter it by hand; earlier runs fail as they always did.
 */
async function enterAndPlan(
  state: CaseState,
  householdClass: HouseholdClass,
  manual?: { board: TaskBoard; steps: StepDeadlines },
): Promise<void> {
  const ref = { caseId: state.summary.caseId, runId: state.summary.runId };
  let entryId: string;
  try {
    ({ entryId } = await nationalEntry.enterMonitoringObject({
      ...ref,
      householdKey: state.summary.householdKey,
      villageCode: state.summary.divisions.villageCode,
      householdClass,
      event: 'inclusion',
    }));
  } catch (error) {
    if (!manual || !isNationalRejection(error)) throw error;
    entryId = await enterByHand(state, manual.board, manual.steps);
  }
  state.summary.nationalEntryId = entryId;
  state.moveTo(CaseStages.assistancePlanning);
  await assistance.openAssistancePlan({ ...ref, householdClass });
  state.moveTo(CaseStages.included);
}

/** The national system refused the entry for good: the city bureau enters it by hand. */
async function enterByHand(
  state: CaseState,
  board: TaskBoard,
  steps: StepDeadlines,
): Promise<string> {
  state.note('national-rejected', { code: ErrorCodes.nationalRejected });
  const task = await board.openDue(
    'manual-national-entry',
    'manual-national-entry-1',
    steps.manualNationalEntry ?? { workingDays: 5 },
    CaseStages.nationalEntry,
  );
  const done = await board.waitFor(task);
  return (done.body as ManualNationalEntryBody).entryId;
}
