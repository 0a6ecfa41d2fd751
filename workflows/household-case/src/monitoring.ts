import { condition, makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';

import {
  CaseSearchAttributes as SA,
  CaseStages,
  type DeadlineSpec,
  type EliminationRollback,
  type EnterMonitoringObjectCommand,
  type EntryChannel,
  type HouseholdCaseInput,
  type HouseholdCaseResult,
  type HouseholdClass,
  type MonitoringPolicy,
  type MonitoringResume,
  type OpenTask,
  type PlanAppraisal,
  type PlanAppraisalResult,
  type StepDeadlines,
  type AssistanceMeasure,
  type CaseStage,
  type TaskCompletion,
  type TaskCompletionResult,
  type TaskFormOf,
  type TaskKind,
} from '@fanpin/contracts';
import {
  contributionTask,
  contributionTaskId,
  eliminationProblem,
  measureTaskId,
  visitIncomeLine,
} from '@fanpin/domain';

import { assistance, verification } from './activities';
import type { CaseState } from './case-state';
import { publicNotice, type NoticeBoard } from './identification';
import { NationalRecord } from './national-record';
import type { TaskBoard } from './task-board';

/** A rollback of the elimination, as the Update handed it over. */
export class RollbackBox {
  /** Whether a rollback may be asked for now (the case stands eliminated). */
  open = false;
  request: EliminationRollback | null = null;
}

/** The decisions of monitoring: the policy's time for each, and the stage the case waits at. */
const decisions = {
  'assistance-plan': { due: 'assistancePlan', stage: CaseStages.assistancePlanning },
  'follow-up-visit': { due: 'followUpVisit', stage: CaseStages.monitoring },
  'elimination-appraisal': { due: 'eliminationAppraisal', stage: CaseStages.eliminationAppraisal },
  'elimination-township': { due: 'eliminationTownship', stage: CaseStages.eliminationTownship },
  'elimination-city': { due: 'eliminationCity', stage: CaseStages.eliminationCity },
} as const satisfies Partial<Record<TaskKind, { due: keyof MonitoringPolicy; stage: CaseStage }>>;

type AfterElimination = 'closed' | 'rolled-back' | 'new-period';
type CaseWorkflow = (input: HouseholdCaseInput) => Promise<HouseholdCaseResult>;

/**
 * Monitoring after inclusion (plan §4.3 step 4, §4.4, §5): the city's assistance plan, each measure
 * a task of its lead department until it is done; follow-up visits on a durable cycle; a visit may
 * propose risk elimination, which goes through appraisal, notice, township and city like inclusion
 * and is then marked in the national system. The mark can be rolled back for a while; an alert in
 * that time starts a new monitoring period. Monitoring stays dynamic: a new alert, or a visit that
 * finds the household at risk again, opens a review of the plan (measures added and ended). The run
 * continues as new every few visits, carrying the handled task and alert ids.
 */
export class Monitor {
  private readonly measures = new Map<string, OpenTask>();
  /** The household's record in the national system. */
  private readonly national: NationalRecord;
  /** How many alerts the case had when the risk was marked eliminated. */
  private alertsAtElimination = 0;
  /** How many alerts the plan in force has taken into account. */
  private alertsPlanned: number;
  private visits: number;
  /** The latest visits in a row that met the elimination rules: a proposal needs enough of them. */
  stableVisits: number;
  /** Social-security measures (综合保障) of the plan in force, open or done, by measure id. */
  private readonly safetyNet: Set<string>;
  /**
   * A visit found the household without labour capacity and its plan without social security:
   * the review it opened must bring such a measure before tracking goes on (plan §5 (三)).
   */
  safetyNetRequired = false;
  private rounds: number;
  private plans: number;
  /** The last plan the city adopted (a review counts in `plans` from its start). */
  private adoptedPlan: number;
  /** Plans a village meeting appraised. */
  private readonly appraisedPlans: Set<number>;
  /** Why the city is to review the plan in force: a village meeting rejected it. */
  private planReviewAsked: string | null;

  private readonly steps: StepDeadlines;
  private readonly policy: MonitoringPolicy;

  constructor(
    private readonly input: HouseholdCaseInput,
    private readonly state: CaseState,
    private readonly board: TaskBoard,
    private readonly notice: NoticeBoard,
    private readonly rollback: RollbackBox,
    private readonly pendingHandlers: () => boolean,
    private readonly householdClass: HouseholdClass,
  ) {
    ({ steps: this.steps, monitoring: this.policy } = input.policy);
    const resume = input.resume;
    this.visits = resume?.visits ?? 0;
    this.stableVisits = resume?.stableVisits ?? 0;
    this.rounds = resume?.eliminationRounds ?? 0;
    this.plans = resume?.plans ?? 0;
    this.adoptedPlan = this.plans;
    this.appraisedPlans = new Set(resume?.appraisedPlans ?? []);
    this.planReviewAsked = resume?.planReviewAsked ?? null;
    this.alertsPlanned = resume?.alertsPlanned ?? state.summary.alertIds.length;
    this.safetyNet = new Set(resume?.safetyNetMeasureIds ?? []);
    this.national = new NationalRecord(state, board, this.steps, householdClass, resume);
  }

  /** Runs the monitoring period (or the rest of it, in a continued run) to its end. */
  async run(): Promise<HouseholdCaseResult> {
    const resume = this.input.resume;
    let nextVisitAt: string | null;
    if (resume) {
      for (const m of resume.measures)
        this.track(this.board.opened(m.kind, m.taskId, m, undefined, m));
      nextVisitAt = resume.nextVisitAt;
    } else {
      this.state.summary.householdClass = this.householdClass;
      this.state.summary.visits = 0;
      await this.makePlan();
      nextVisitAt = await this.after(this.policy.followUpInterval);
    }
    for (;;) {
      await this.untilVisit(nextVisitAt);
      const visit = await this.visit();
      // A household that cannot work is never marked eliminated: it is tracked on, once social
      // security (低保, 特困, pension) is in its plan; a visit that finds none has the plan reviewed.
      this.safetyNetRequired = visit.labourCapacity === 'none' && this.safetyNet.size === 0;
      if (visit.stability === 'at-risk') await this.makePlan('AT_RISK_AT_VISIT');
      else if (this.safetyNetRequired) await this.makePlan('SAFETY_NET_MISSING');
      if (visit.proposeElimination && (await this.eliminate())) {
        const after = await this.afterElimination();
        if (after === 'closed') {
          // The national record is brought up to date before the case closes.
          await condition(() => this.national.upToDate);
          return {
            caseId: this.state.summary.caseId,
            stage: this.state.summary.stage,
            nationalEntryId: this.state.summary.nationalEntryId,
          };
        }
        if (after === 'new-period') return this.newPeriod();
        await this.makePlan();
      }
      nextVisitAt = await this.after(this.policy.followUpInterval);
      if (this.visits % this.policy.visitsPerRun === 0 || workflowInfo().continueAsNewSuggested) {
        return this.continueRun(nextVisitAt);
      }
    }
  }

  /** The Update handler's part of a measure's progress report: recorded, the task stays open. */
  async reportProgress(
    task: OpenTask,
    c: TaskCompletion,
    body: TaskFormOf<'assistance-measure'>,
  ): Promise<TaskCompletionResult> {
    task.progress = body.percent;
    this.state.note('measure-progress', {
      taskId: task.taskId,
      by: c.actor.id,
      code: `P${body.percent}`,
    });
    await assistance.recordMeasureProgress({
      ...this.state.ref,
      measureId: task.measureId ?? task.taskId,
      // The same report twice is one event; a new figure or day is another.
      stepId: `${task.taskId}-${body.percent}-${body.reportedOn}`,
      status: 'in-progress',
      percent: body.percent,
      actor: c.actor.id,
      detail: { ...body },
    });
    return { taskId: task.taskId, kind: task.kind, stage: this.state.summary.stage };
  }

  /** What decides whether a village meeting may appraise the plan now. */
  get planState(): { plans: number; appraisedPlans: number[] } {
    return { plans: this.adoptedPlan, appraisedPlans: [...this.appraisedPlans] };
  }

  /**
   * The Update handler's part of a plan's appraisal by a village meeting (plan §4.3): approved, its
   * measures are posted for the notice period; rejected, the city reviews the plan before the next
   * visit. The measures go on meanwhile: help does not wait for the meeting.
   */
  async appraisePlan(a: PlanAppraisal): Promise<PlanAppraisalResult> {
    this.appraisedPlans.add(a.planNo);
    const approved = a.outcome === 'approved';
    if (!approved) this.planReviewAsked = a.reasonCode ?? 'PLAN_APPRAISAL_REJECTED';
    this.state.note('plan-appraisal', { by: a.actor.id, code: a.outcome });
    const noticeEndsAt = approved ? await this.board.dueAt(this.steps.noticePeriod) : null;
    await verification.recordStep({
      ...this.state.ref,
      stepId: `plan-appraisal-${a.planNo}`,
      kind: 'plan-appraisal',
      actor: a.actor.id,
      detail: {
        planNo: a.planNo,
        outcome: a.outcome,
        heldOn: a.heldOn,
        meetingId: a.meetingId,
        noticePlace: a.noticePlace,
        noticeEndsAt,
        ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}),
      },
    });
    return { planNo: a.planNo, outcome: a.outcome, stage: this.state.summary.stage, noticeEndsAt };
  }

  /** The `round`th decision of `kind`: due the policy's time for it, the case waiting at its stage. */
  private decide<K extends keyof typeof decisions>(kind: K, round: number) {
    const { due, stage } = decisions[kind];
    return this.board.decision(kind, round, this.policy[due], stage);
  }

  /** When a policy duration counted from now ends. */
  private after(spec: DeadlineSpec): Promise<string> {
    return this.board.dueAt(spec);
  }

  /**
   * Monitoring until the next visit is due; a new alert, or a village meeting that rejected the
   * plan, has the city review the plan first (the visit's timer keeps running).
   */
  private async untilVisit(nextVisitAt: string | null): Promise<void> {
    for (;;) {
      this.state.moveTo(CaseStages.monitoring, [], nextVisitAt ? new Date(nextVisitAt) : null);
      const alerted = () => this.state.summary.alertIds.length > this.alertsPlanned;
      const review = () => alerted() || this.planReviewAsked !== null;
      const left = nextVisitAt ? Math.max(1, Date.parse(nextVisitAt) - Date.now()) : undefined;
      if (!(await (left === undefined ? condition(review) : condition(review, left)))) return;
      const why = alerted() ? 'NEW_ALERT' : 'PLAN_APPRAISAL_REJECTED';
      this.planReviewAsked = null;
      await this.makePlan(why);
    }
  }

  /**
   * The city's assistance plan, then each of its measures a task of the lead department. A review
   * (`why`: what prompted it) revises the plan in force: its measures are added, and the open
   * measures it ends are withdrawn.
   */
  private async makePlan(why?: string): Promise<void> {
    this.plans++;
    this.alertsPlanned = this.state.summary.alertIds.length;
    if (why) this.state.note('plan-review', { code: why });
    const done = await this.decide('assistance-plan', this.plans);
    const plan = done.body;
    const adopted = await assistance.adoptPlan({
      ...this.state.ref,
      planNo: this.plans,
      householdClass: this.householdClass,
      measures: plan.measures,
      announcedOn: plan.announcedOn,
      decidedBy: done.actor.id,
    });
    this.adoptedPlan = this.plans;
    const dueAt = new Map(adopted.measures.map((m) => [m.measureId, m.dueAt]));
    const due = (m: AssistanceMeasure) => ({
      dueAt: dueAt.get(m.measureId) ?? null,
      provisional: false,
    });
    const opened = await Promise.all([
      ...plan.measures.map((m) =>
        this.board.open('assistance-measure', measureTaskId(m.measureId), due(m), undefined, {
          measureId: m.measureId,
          measureCode: m.measureCode,
          department: m.leadDepartment,
          progress: 0,
        }),
      ),
      // Each responsible unit reports its own part, by the measure's due date.
      ...plan.measures.flatMap((m) =>
        m.responsibleDepartments.map((unit) =>
          this.board.open(
            'measure-contribution',
            contributionTaskId(m.measureId, unit),
            due(m),
            undefined,
            contributionTask(m.measureId, unit),
          ),
        ),
      ),
    ]);
    for (const task of opened) this.track(task);
    for (const m of plan.measures) if (m.kind === 'safety-net') this.safetyNet.add(m.measureId);
    for (const ended of plan.endMeasures ?? []) {
      const task = this.measures.get(measureTaskId(ended.measureId));
      if (!task) continue;
      // The responsible units' open parts end with their measure.
      const parts = [...this.measures.values()].filter(
        (t) => t.kind === 'measure-contribution' && t.measureId === ended.measureId,
      );
      for (const t of [task, ...parts]) {
        await this.board.cancel(t, ended.reasonCode);
        this.measures.delete(t.taskId);
      }
      this.safetyNet.delete(ended.measureId);
    }
    this.safetyNetRequired = false;
    await this.national.sendMeasures(this.plans, plan);
  }

  /**
   * Follows a measure, or a responsible unit's part, until its department (or township) reports it
   * done (escalated to the city when late).
   */
  private track(task: OpenTask): void {
    this.measures.set(task.taskId, task);
    void this.board.waitFor(task).then(() => this.measures.delete(task.taskId));
  }

  /** One follow-up visit of the village (escalated to the township when late). */
  private async visit(): Promise<TaskFormOf<'follow-up-visit'>> {
    this.visits++;
    const done = await this.decide('follow-up-visit', this.visits);
    this.state.summary.visits = this.visits;
    const visit = done.body;
    // Judged against the line of the year the figures are for, among the lines the case keeps.
    const line = visitIncomeLine(visit, {
      incomeLine: this.policy.incomeLine,
      yearLines: this.state.yearLines,
    });
    this.state.note('visit-judged', {
      taskId: done.taskId,
      code: `${line.figuresYear}:${line.version ?? this.input.policy.version}`,
    });
    const meetsRules =
      eliminationProblem(visit, {
        incomeLine: line.incomeLine,
        rigidExpensesPercent: this.policy.rigidExpensesPercent,
      }) === null;
    this.stableVisits = meetsRules ? this.stableVisits + 1 : 0;
    return visit;
  }

  /**
   * An elimination proposal through appraisal, notice, township and city; on the city's yes, the
   * mark in the national system. Says whether the risk is now marked eliminated.
   */
  private async eliminate(): Promise<boolean> {
    const round = ++this.rounds;
    const kept = (code: string) => {
      this.state.note('elimination-kept', { code });
      // The levels above did not share the village's judgement: stability is shown again.
      this.stableVisits = 0;
      return false;
    };
    const appraisal = await this.decide('elimination-appraisal', round);
    if (appraisal.body.outcome !== 'approved') return kept('APPRAISAL_REJECTED');
    const stepId = `elimination-notice-${round}`;
    const { state, board, notice, steps } = this;
    const stage = CaseStages.eliminationNotice;
    if (await publicNotice(state, board, notice, steps, stepId, this.pendingHandlers, stage)) {
      return kept('OBJECTION_UPHELD');
    }
    const township = await this.decide('elimination-township', round);
    if (township.body.outcome !== 'confirm') return kept('TOWNSHIP_REJECTED');
    const city = await this.decide('elimination-city', round);
    if (city.body.outcome !== 'eliminate') return kept('CITY_KEPT');

    const entryId = await this.enter('elimination', round);
    for (const task of [...this.measures.values()]) {
      await this.board.cancel(task, 'RISK_ELIMINATED');
      this.measures.delete(task.taskId);
    }
    this.safetyNet.clear();
    await verification.recordStep({
      ...this.state.ref,
      stepId: `elimination-${round}`,
      kind: 'elimination',
      actor: city.actor.id,
      detail: { round, entryId },
      closeAs: 'risk-eliminated',
    });
    return true;
  }

  /**
   * The case stands eliminated for the policy's rollback window: the city bureau may roll the mark
   * back (monitoring resumes), and an alert for the household starts a new monitoring period.
   */
  private async afterElimination(): Promise<AfterElimination> {
    const windowEnd = await this.after(this.policy.rollbackWindow);
    const alerts = this.state.summary.alertIds.length;
    this.alertsAtElimination = alerts;
    this.state.moveTo(CaseStages.riskEliminated, [], windowEnd ? new Date(windowEnd) : null);
    this.rollback.open = true;
    this.rollback.request = null;
    const woken = () =>
      this.rollback.request !== null || this.state.summary.alertIds.length > alerts;
    if (windowEnd) await condition(woken, Math.max(1, Date.parse(windowEnd) - Date.now()));
    else await condition(woken);
    this.rollback.open = false;
    const request = this.rollback.request as EliminationRollback | null;
    if (request) {
      const entryId = await this.enter('elimination-rollback', this.rounds);
      await verification.recordStep({
        ...this.state.ref,
        stepId: `elimination-rollback-${this.rounds}`,
        kind: 'elimination-rollback',
        actor: request.actor.id,
        detail: { rollbackId: request.rollbackId, reasonCode: request.reasonCode, entryId },
        reopen: true,
      });
      this.state.note('elimination-rolled-back', {
        by: request.actor.id,
        code: request.reasonCode,
      });
      this.stableVisits = 0;
      return 'rolled-back';
    }
    await condition(() => !this.pendingHandlers());
    return this.state.summary.alertIds.length > alerts ? 'new-period' : 'closed';
  }

  /** An entry in the national system: the inclusion, or a mark of a later round. */
  enter(event: EnterMonitoringObjectCommand['event'], round?: number): Promise<string> {
    return this.national.enter(event, round);
  }

  /** What the next run of this period needs: ids and codes only. */
  private resume(nextVisitAt: string): MonitoringResume {
    return {
      periodRunId: this.state.summary.runId,
      householdClass: this.householdClass,
      nationalEntryId: this.state.summary.nationalEntryId,
      ...this.national.resumed(),
      alertIds: this.state.summary.alertIds,
      completedTaskIds: this.state.summary.completedTaskIds,
      withdrawnTaskIds: this.state.withdrawnTaskIds,
      objectionIds: this.state.summary.objectionIds,
      measures: [...this.measures.values()],
      visits: this.visits,
      stableVisits: this.stableVisits,
      alertsPlanned: this.alertsPlanned,
      safetyNetMeasureIds: [...this.safetyNet],
      eliminationRounds: this.rounds,
      plans: this.plans,
      appraisedPlans: [...this.appraisedPlans],
      planReviewAsked: this.planReviewAsked,
      nextVisitAt,
      yearLines: [...this.state.yearLines],
    };
  }

  /** Continues the period in a new run (history stays small), at a visit boundary. */
  private async continueRun(nextVisitAt: string | null): Promise<never> {
    // Measures completed but not yet written down are finished here, not handed over.
    const done = this.state.summary.completedTaskIds;
    const open = () => [...this.measures.keys(), ...this.national.openTaskIds];
    await condition(() => !this.pendingHandlers() && open().every((id) => !done.includes(id)));
    this.state.note('continued-as-new', { code: `VISITS_${this.visits}` });
    // The next run keeps every attribute (class, risk types, divisions) until it sets its own.
    return makeContinueAsNewFunc<CaseWorkflow>({
      typedSearchAttributes: workflowInfo().typedSearchAttributes.getAll(),
    })({
      ...this.input,
      // Where the household lives now: a move (迁移) during the run goes with it.
      divisions: this.state.summary.divisions,
      resume: this.resume(nextVisitAt ?? new Date().toISOString()),
    });
  }

  /**
   * The household fell back into risk: a new monitoring period, opened with the alerts that came.
   * The new period enters the household anew: this period's pending township updates are withdrawn.
   */
  private async newPeriod(): Promise<never> {
    await this.national.withdraw('NEW_PERIOD');
    const fresh = this.state.summary.alertIds.slice(this.alertsAtElimination);
    const source = this.state.lastAlertSource;
    const channel: EntryChannel =
      source === 'self-declaration' || source === 'cadre-screening' ? source : 'bureau-alert';
    const next: HouseholdCaseInput = {
      householdKey: this.input.householdKey,
      divisions: this.state.summary.divisions,
      channel,
      policy: this.input.policy,
      carriedAlertIds: fresh,
    };
    // A new period is found as a new case is: stage, channel and divisions; no class, no risks yet.
    const { divisions } = next;
    return makeContinueAsNewFunc<CaseWorkflow>({
      typedSearchAttributes: [
        { key: SA.stage, value: CaseStages.intake },
        { key: SA.entryChannel, value: channel },
        { key: SA.countyCode, value: divisions.countyCode },
        { key: SA.townshipCode, value: divisions.townshipCode },
        { key: SA.villageCode, value: divisions.villageCode },
        { key: SA.overdue, value: false },
      ],
    })(next);
  }
}
