import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

import {
  ErrorCodes,
  type EnterMonitoringObjectCommand,
  type HouseholdClass,
  type MonitoringResume,
  type NationalEntryPath,
  type OpenTask,
  type StepDeadlines,
  type TaskFormOf,
  type TaskKind,
} from '@fanpin/contracts';

import { nationalEntry, verification } from './activities';
import type { CaseState } from './case-state';
import type { TaskBoard } from './task-board';

type EntryEvent = EnterMonitoringObjectCommand['event'];

/**
 * The household's record in the national system (全国防返贫监测信息系统, plan §4.3 step 4), kept up
 * to date the case's way: through the adapter, or keyed in by the township (the path is asked once,
 * at the inclusion, and kept). The inclusion and later marks are waited for; each plan's measures
 * go as an update beside monitoring. A permanent refusal of the adapter becomes a person's task.
 */
export class NationalRecord {
  /** The township's updates still to be keyed in, open beside monitoring. */
  private readonly updates = new Map<string, OpenTask>();
  private path: NationalEntryPath | undefined;

  constructor(
    private readonly state: CaseState,
    private readonly board: TaskBoard,
    private readonly steps: StepDeadlines,
    private readonly householdClass: HouseholdClass,
    resume?: MonitoringResume,
  ) {
    this.path = resume?.nationalEntryPath;
    if (this.path) state.summary.nationalEntryPath = this.path;
    for (const u of resume?.nationalTasks ?? [])
      this.track(board.opened(u.kind, u.taskId, u, undefined, u));
  }

  /** Whether every change has reached the national system. */
  get upToDate(): boolean {
    return this.updates.size === 0;
  }

  /** The ids of the township's open updates. */
  get openTaskIds(): string[] {
    return [...this.updates.keys()];
  }

  /** What the next run needs. */
  resumed(): Pick<MonitoringResume, 'nationalEntryPath' | 'nationalTasks'> {
    return {
      ...(this.path ? { nationalEntryPath: this.path } : {}),
      nationalTasks: [...this.updates.values()],
    };
  }

  /** Withdraws the open updates (a new period enters the household anew). */
  async withdraw(reasonCode: string): Promise<void> {
    for (const task of [...this.updates.values()]) {
      await this.board.cancel(task, reasonCode);
      this.updates.delete(task.taskId);
    }
  }

  /**
   * An entry in the national system (the inclusion, or a mark of a later round): the township's, or
   * the adapter's, whose permanent refusal becomes the city bureau's manual entry.
   */
  async enter(event: EntryEvent, round?: number): Promise<string> {
    if ((await this.entryPath()) === 'township') return this.keyIn(event, round);
    try {
      const { entryId } = await nationalEntry.enterMonitoringObject({
        ...this.state.ref,
        householdKey: this.state.summary.householdKey,
        villageCode: this.state.summary.divisions.villageCode,
        householdClass: this.householdClass,
        event,
        ...(round === undefined ? {} : { round }),
      });
      return entryId;
    } catch (error) {
      if (!isNationalRejection(error)) throw error;
      this.state.note('national-rejected', { code: ErrorCodes.nationalRejected });
      // The history's step names the event it enters (verification.activities: manualEntry).
      const taskId =
        round === undefined ? 'manual-national-entry-1' : `manual-national-entry-${event}-${round}`;
      const done = await this.task('manual-national-entry', taskId);
      return (done.body as TaskFormOf<'manual-national-entry'>).entryId;
    }
  }

  /**
   * A plan's measures (those it adds and those it ends), as update `planNo` of the record: through
   * the adapter, or the township's update task beside monitoring (also when the system refused the
   * adapter's update for good).
   */
  async sendMeasures(planNo: number, plan: TaskFormOf<'assistance-plan'>): Promise<void> {
    const taskId = `national-update-measures-${planNo}`;
    if ((await this.entryPath()) === 'adapter') {
      try {
        const updateId = await this.update(planNo, plan);
        await verification.recordStep({
          ...this.state.ref,
          stepId: taskId,
          kind: 'national-update',
          actor: 'system:workflow',
          detail: { change: 'measures', round: planNo, updateId, path: 'adapter' },
        });
        return;
      } catch (error) {
        if (!isNationalRejection(error)) throw error;
        this.state.note('national-rejected', { code: ErrorCodes.nationalRejected });
      }
    }
    this.track(await this.board.openDue('national-update', taskId, this.steps.manualNationalEntry));
  }

  private async update(planNo: number, plan: TaskFormOf<'assistance-plan'>): Promise<string> {
    const added = plan.measures.map(({ measureId, kind, measureCode, leadDepartment, dueOn }) => ({
      measureId,
      kind,
      measureCode,
      leadDepartment,
      dueOn,
    }));
    const { updateId } = await nationalEntry.updateMonitoringObject({
      ...this.state.ref,
      recordId: this.state.summary.nationalEntryId ?? '',
      villageCode: this.state.summary.divisions.villageCode,
      householdClass: this.householdClass,
      change: 'measures',
      round: planNo,
      measures: { added, ended: plan.endMeasures ?? [] },
    });
    return updateId;
  }

  /**
   * The township keys the entry in by hand and records the national record number it was given; a
   * later mark (elimination, rollback) is its update of that record. Waited for, as the adapter is.
   */
  private async keyIn(event: EntryEvent, round?: number): Promise<string> {
    if (event === 'inclusion') {
      const done = await this.task('national-entry', 'national-entry-1');
      return (done.body as TaskFormOf<'national-entry'>).entryId;
    }
    await this.task('national-update', `national-update-${event}-${round ?? 1}`);
    return this.state.summary.nationalEntryId ?? '';
  }

  /** How the case is entered into the national system: asked once, at its inclusion. */
  private async entryPath(): Promise<NationalEntryPath> {
    if (!this.path) {
      const { path } = await nationalEntry.nationalEntryPath({
        caseId: this.state.summary.caseId,
        townshipCode: this.state.summary.divisions.townshipCode,
      });
      this.path = path;
      this.state.summary.nationalEntryPath = path;
      this.state.note('national-entry-path', { code: path });
    }
    return this.path;
  }

  /** A task the case waits for, at the stage it is in. */
  private async task(kind: TaskKind, taskId: string) {
    const spec = this.steps.manualNationalEntry;
    const stage = this.state.summary.stage;
    return this.board.waitFor(await this.board.openDue(kind, taskId, spec, stage));
  }

  /** Follows a township's update until it is keyed in. */
  private track(task: OpenTask): void {
    this.updates.set(task.taskId, task);
    void this.board.waitFor(task).then(() => this.updates.delete(task.taskId));
  }
}

export function isNationalRejection(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === ErrorCodes.nationalRejected
  );
}
