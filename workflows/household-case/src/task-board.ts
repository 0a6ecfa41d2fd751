import { condition } from '@temporalio/workflow';

import {
  TaskRoles,
  type Actor,
  type DeadlineSpec,
  type DeadlinesRecounted,
  type DueBasis,
  type HouseholdCaseInput,
  type OpenTask,
  type RecordStepCommand,
  type RequestStamp,
  type StaffRole,
  type StepAudit,
  type TaskForm,
  type TaskFormOf,
  type TaskInboxEntry,
  type TaskKind,
} from '@fanpin/contracts';

import { assistance, scheduling, verification } from './activities';
import type { CaseState } from './case-state';

/** What a task may carry besides its kind and due date. */
export type TaskExtra = Partial<
  Pick<
    OpenTask,
    'measureId' | 'measureCode' | 'department' | 'progress' | 'escalatedTo' | 'awaitingRole'
  >
>;

/**
 * A validated completion: who completed the task, and the form they sent. The Update answers once
 * the case's state has changed; the procedure writes the step when it takes the completion up.
 */
export interface Completed {
  taskId: string;
  actor: Actor;
  body: TaskForm;
  /** The request's stamp: the step written for it carries the decision's audit entry. */
  audit?: RequestStamp;
  /** Set when the step closes the case (an exclusion). */
  closeAs?: 'excluded';
}

/** A due date: as an activity counted it, or a fixed one (a measure's). */
export interface Due {
  dueAt: string | null;
  provisional: boolean;
  basis?: DueBasis;
}

/** The fields a task carries of its due date. */
type TaskDue = Pick<OpenTask, 'dueAt' | 'dueProvisional' | 'dueBasis'>;

/** A due date as the task carries it. */
export function dueOf({ dueAt, provisional, basis }: Due): TaskDue {
  return {
    dueAt,
    ...(provisional ? { dueProvisional: true } : {}),
    ...(basis ? { dueBasis: basis } : {}),
  };
}

/** The audit entry a completion's history step carries: the request's stamp and the actor's role. */
export function stepAudit(c: Pick<Completed, 'actor' | 'audit'>): { audit?: StepAudit } {
  return c.audit ? { audit: { ...c.audit, actorRole: c.actor.role } } : {};
}

/**
 * The human tasks of a case: each opened with a due date from the policy (computed by an activity,
 * so history records it), mirrored in the task inbox, completed through the `completeTask` Update,
 * and escalated to the level above when its due date passes.
 */
export class TaskBoard {
  private readonly completions = new Map<string, Completed>();
  private readonly cancelled = new Set<string>();
  /** How often each task's due date was recounted: a new count re-arms its wait. */
  private readonly rearms = new Map<string, number>();

  constructor(
    private readonly state: CaseState,
    private readonly input: HouseholdCaseInput,
  ) {}

  /** Hands over a validated completion (from the Update handler). */
  complete(completion: Completed): void {
    this.completions.set(completion.taskId, completion);
  }

  /** When a policy deadline counted from now falls. */
  async dueAt(spec: DeadlineSpec): Promise<string> {
    return (await scheduling.dueAt({ from: new Date().toISOString(), spec })).dueAt;
  }

  /** Opens a task whose due date is known: the stage's own when `stage` is given, else one beside it. */
  async open(
    kind: TaskKind,
    taskId: string,
    due: Due,
    stage?: Parameters<CaseState['await']>[0],
    extra: TaskExtra = {},
  ): Promise<OpenTask> {
    const task = this.opened(kind, taskId, dueOf(due), stage, extra);
    await this.sync(task, 'open');
    return task;
  }

  /** Opens a task whose due date is the policy's `spec` from now. */
  async openDue(
    kind: TaskKind,
    taskId: string,
    spec: DeadlineSpec,
    stage?: Parameters<CaseState['await']>[0],
    extra: TaskExtra = {},
  ): Promise<OpenTask> {
    const due = await verification.openTask({
      // Its dueAt (null) is replaced by the one the activity counts.
      entry: this.entry(this.draft(kind, taskId, extra), 'open'),
      from: new Date().toISOString(),
      spec,
    });
    return this.opened(kind, taskId, dueOf(due), stage, extra);
  }

  /**
   * The `round`th task of `kind` (its id `kind-round`) at `stage`, due the policy's `spec` from
   * now: its completion, whose form is of that kind (the Update refuses any other).
   */
  async decision<K extends TaskKind>(
    kind: K,
    round: number,
    spec: DeadlineSpec,
    stage: Parameters<CaseState['await']>[0],
  ): Promise<Completed & { body: TaskFormOf<K> }> {
    const done = await this.waitFor(await this.openDue(kind, `${kind}-${round}`, spec, stage));
    return done as Completed & { body: TaskFormOf<K> };
  }

  /** Takes up a task whose inbox row is already written (by intake, or by the run before). */
  opened(
    kind: TaskKind,
    taskId: string,
    due: TaskDue,
    stage?: Parameters<CaseState['await']>[0],
    extra: TaskExtra = {},
  ): OpenTask {
    const task: OpenTask = { ...this.draft(kind, taskId, extra), ...due };
    if (stage) this.state.await(stage, task);
    else this.state.addSideTask(task);
    return task;
  }

  /** A task as it opens, before its due date is known. */
  private draft(kind: TaskKind, taskId: string, extra: TaskExtra): OpenTask {
    // A responsible unit's part says whose it is (a department's, or the township's).
    const { awaitingRole = TaskRoles[kind].role as StaffRole, ...rest } = extra;
    return { taskId, kind, awaitingRole, dueAt: null, ...rest };
  }

  /**
   * Waits for the task's completion; when its due date passes first, flags it overdue and hands it
   * to the level above, then keeps waiting. A recounted due date (`recount`) re-arms the wait.
   */
  async waitFor(task: OpenTask): Promise<Completed> {
    const done = () => this.completions.has(task.taskId) || this.cancelled.has(task.taskId);
    while (!done()) {
      const armed = this.rearms.get(task.taskId) ?? 0;
      const woken = () => done() || (this.rearms.get(task.taskId) ?? 0) !== armed;
      if (task.dueAt === null || task.escalatedTo !== undefined) {
        await condition(woken);
      } else if (!(await condition(woken, Math.max(1, Date.parse(task.dueAt) - Date.now())))) {
        const to = TaskRoles[task.kind].escalateTo;
        this.state.escalate(task.taskId, to);
        task.escalatedTo = to;
        await this.sync(task, 'open');
      }
    }
    const completion = this.completions.get(task.taskId);
    // A cancelled task never completes: whoever waits for it is simply never answered.
    if (!completion) return new Promise<never>(() => undefined);
    if (completion.body.kind === 'assistance-measure') {
      await this.recordMeasureDone(task, completion, completion.body.percent);
      await this.sync(task, 'done', completion.actor.id);
    } else {
      // The step in the case history and the inbox row done, in one transaction.
      await verification.closeTask({
        step: this.step(task, completion),
        entry: this.entry(task, 'done', completion.actor.id),
      });
    }
    return completion;
  }

  /**
   * Takes up due dates recounted on a newer calendar (the recount job's signal): each provisional
   * task gets its new date, an escalation the new date undoes is cleared, and its wait re-armed.
   */
  recount(recounted: DeadlinesRecounted): void {
    for (const entry of recountedTasks(recounted)) {
      const task = this.state.summary.openTasks.find((t) => t.taskId === entry.taskId);
      if (!task?.dueProvisional) continue;
      task.dueAt = entry.dueAt;
      if (!entry.provisional) delete task.dueProvisional;
      const undone = task.escalatedTo !== undefined && Date.parse(entry.dueAt) > Date.now();
      if (undone) delete task.escalatedTo;
      this.rearms.set(task.taskId, (this.rearms.get(task.taskId) ?? 0) + 1);
      this.state.dueRecounted(task, undone);
    }
  }

  /** Withdraws an open task (a measure when the risk is eliminated): no one can complete it now. */
  async cancel(task: OpenTask, reasonCode: string): Promise<void> {
    if (this.completions.has(task.taskId) || this.cancelled.has(task.taskId)) return;
    this.cancelled.add(task.taskId);
    this.state.withdrawTask(task.taskId, reasonCode);
    if (task.kind === 'assistance-measure' && task.measureId) {
      await assistance.recordMeasureProgress({
        ...this.state.ref,
        measureId: task.measureId,
        stepId: `${task.taskId}-cancelled`,
        status: 'cancelled',
        percent: task.progress ?? 0,
        actor: 'system:workflow',
        detail: { reasonCode },
      });
    }
    await this.sync(task, 'cancelled');
  }

  /** A measure's end, in its plan and the case history. */
  private recordMeasureDone(task: OpenTask, c: Completed, percent: number): Promise<void> {
    return assistance.recordMeasureProgress({
      ...this.state.ref,
      measureId: task.measureId ?? task.taskId,
      stepId: `${task.taskId}-done`,
      status: 'done',
      percent,
      actor: c.actor.id,
      detail: { ...c.body },
    });
  }

  /** The case-history step of a completed task. */
  private step(task: OpenTask, c: Completed): RecordStepCommand {
    return {
      ...this.state.ref,
      stepId: c.taskId,
      kind: task.kind,
      actor: c.actor.id,
      // A responsible unit's part names the measure it belongs to.
      detail:
        task.kind === 'measure-contribution'
          ? { ...c.body, measureId: task.measureId, unit: task.department ?? 'townships' }
          : { ...c.body },
      ...this.caseMove(c),
      ...stepAudit(c),
    };
  }

  /** How the step moves the case's row: an exclusion, or the city's inclusion with its class. */
  private caseMove(c: Completed): Pick<RecordStepCommand, 'closeAs' | 'householdClass'> {
    if (c.closeAs) return { closeAs: c.closeAs };
    if (c.body.kind === 'city-determination' && c.body.include && c.body.householdClass) {
      return { closeAs: 'included', householdClass: c.body.householdClass };
    }
    return {};
  }

  /** Mirrors the task in the PostgreSQL inbox that lists each level's work. */
  sync(task: OpenTask, status: 'open' | 'done' | 'cancelled', completedBy?: string): Promise<void> {
    return verification.syncTask(this.entry(task, status, completedBy));
  }

  /** The task's row in the inbox. */
  private entry(
    task: OpenTask,
    status: 'open' | 'done' | 'cancelled',
    completedBy?: string,
  ): TaskInboxEntry {
    return {
      ...this.state.ref,
      taskId: task.taskId,
      kind: task.kind,
      role: task.awaitingRole,
      divisions: this.state.summary.divisions,
      status,
      dueAt: task.dueAt,
      dueProvisional: task.dueProvisional === true,
      dueBasis: task.dueBasis ?? null,
      escalatedTo: task.escalatedTo ?? null,
      completedBy: completedBy ?? null,
      ...(task.department ? { department: task.department } : {}),
      ...(task.measureId ? { measureId: task.measureId } : {}),
      // An objection review is opened during its notice: the township's inbox shows when it ends.
      ...(task.kind === 'objection-review'
        ? { noticeEndsAt: this.state.summary.noticeEndsAt }
        : {}),
    };
  }
}

/** The entries of a recount signal that are well formed (a signal has no validator to refuse it). */
function recountedTasks(recounted: unknown): DeadlinesRecounted['tasks'] {
  const tasks = (recounted as Partial<DeadlinesRecounted> | null)?.tasks;
  if (!Array.isArray(tasks)) return [];
  return tasks.filter(
    (t): t is DeadlinesRecounted['tasks'][number] =>
      typeof t === 'object' &&
      t !== null &&
      typeof t.taskId === 'string' &&
      typeof t.dueAt === 'string' &&
      !Number.isNaN(Date.parse(t.dueAt)) &&
      typeof t.provisional === 'boolean',
  );
}
