import { condition } from '@temporalio/workflow';

import {
  TaskRoles,
  type DeadlineSpec,
  type HouseholdCaseInput,
  type OpenTask,
  type Actor,
  type StaffRole,
  type TaskKind,
} from '@fanpin/contracts';

import { scheduling, verification } from './activities';
import type { CaseState } from './case-state';

/**
 * The human tasks of a case: each opened with a due date from the policy (computed by an activity,
 * so history records it), mirrored in the task inbox, completed through the `completeTask` Update,
 * and escalated to the level above when its due date passes.
 */
/** A validated completion: who completed the task, and the body they sent. */
export interface Completed {
  taskId: string;
  actor: Actor;
  body: unknown;
}

export class TaskBoard {
  private readonly completions = new Map<string, Completed>();

  constructor(
    private readonly state: CaseState,
    private readonly input: HouseholdCaseInput,
  ) {}

  /** Hands over a validated completion (from the Update handler). */
  complete(completion: Completed): void {
    this.completions.set(completion.taskId, completion);
  }

  /** When a policy deadline counted from now falls; null (with the reason) when the calendar cannot say. */
  async dueAt(spec: DeadlineSpec): Promise<Pick<OpenTask, 'dueAt' | 'dueAtProblem'>> {
    const { dueAt, problem } = await scheduling.dueAt({ from: new Date().toISOString(), spec });
    return { dueAt, ...(problem ? { dueAtProblem: problem } : {}) };
  }

  /** Opens a task: the stage's own when `stage` is given, else one beside it. */
  async open(
    kind: TaskKind,
    taskId: string,
    due: Pick<OpenTask, 'dueAt' | 'dueAtProblem'>,
    stage?: Parameters<CaseState['await']>[0],
  ): Promise<OpenTask> {
    const task = this.opened(kind, taskId, due, stage);
    await this.sync(task, 'open');
    return task;
  }

  /** Takes up a task whose inbox row is already written (by intake, for the first task). */
  opened(
    kind: TaskKind,
    taskId: string,
    due: Pick<OpenTask, 'dueAt' | 'dueAtProblem'>,
    stage?: Parameters<CaseState['await']>[0],
  ): OpenTask {
    const task: OpenTask = {
      taskId,
      kind,
      awaitingRole: TaskRoles[kind].role as StaffRole,
      ...due,
    };
    if (stage) this.state.await(stage, task);
    else this.state.addSideTask(task);
    return task;
  }

  /**
   * Waits for the task's completion; when its due date passes first, flags it overdue and hands it
   * to the level above, then keeps waiting.
   */
  async waitFor(task: OpenTask): Promise<Completed> {
    const done = () => this.completions.has(task.taskId);
    if (task.dueAt !== null) {
      const remaining = Math.max(1, Date.parse(task.dueAt) - Date.now());
      if (!(await condition(done, remaining))) {
        const to = TaskRoles[task.kind].escalateTo;
        this.state.escalate(task.taskId, to);
        await this.sync({ ...task, escalatedTo: to }, 'open');
      }
    }
    await condition(done);
    const completion = this.completions.get(task.taskId) as Completed;
    await this.sync(task, 'done', completion.actor.id);
    return completion;
  }

  /** Mirrors the task in the PostgreSQL inbox that lists each level's work. */
  sync(task: OpenTask, status: 'open' | 'done' | 'cancelled', completedBy?: string): Promise<void> {
    return verification.syncTask({
      caseId: this.state.summary.caseId,
      runId: this.state.summary.runId,
      taskId: task.taskId,
      kind: task.kind,
      role: task.awaitingRole,
      divisions: this.input.divisions,
      status,
      dueAt: task.dueAt,
      escalatedTo: task.escalatedTo ?? null,
      completedBy: completedBy ?? null,
    });
  }
}
