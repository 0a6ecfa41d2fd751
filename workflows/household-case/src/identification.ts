import { condition, sleep } from '@temporalio/workflow';

import {
  CaseStages,
  type CaseStage,
  type DueAtResult,
  type OpenTask,
  type StepDeadlines,
  type TaskForm,
  type TaskFormOf,
} from '@fanpin/contracts';

import { scheduling, verification } from './activities';
import type { CaseState } from './case-state';
import { dueOf, type TaskBoard } from './task-board';

/** Where a completed task takes the case. Pure: the Update answers with it at once. */
export function stageAfter(body: TaskForm, current: CaseStage): CaseStage {
  switch (body.kind) {
    case 'village-verification':
      return body.outcome === 'nominate' ? CaseStages.democraticAppraisal : CaseStages.excluded;
    case 'democratic-appraisal':
      return body.outcome === 'approved' ? CaseStages.publicNotice : CaseStages.excluded;
    case 'township-verification':
      return body.outcome === 'confirm' ? CaseStages.awaitingReport : CaseStages.excluded;
    case 'city-determination':
      return body.include ? CaseStages.nationalEntry : CaseStages.excluded;
    case 'assistance-plan':
      return CaseStages.monitoring;
    case 'follow-up-visit':
      return body.proposeElimination ? CaseStages.eliminationAppraisal : CaseStages.monitoring;
    case 'elimination-appraisal':
      return body.outcome === 'approved' ? CaseStages.eliminationNotice : CaseStages.monitoring;
    case 'elimination-township':
      return body.outcome === 'confirm' ? CaseStages.eliminationCity : CaseStages.monitoring;
    case 'elimination-city':
      // The mark is entered in the national system first; the case then stands eliminated.
      return body.outcome === 'eliminate' ? CaseStages.riskEliminated : CaseStages.monitoring;
    default:
      // An objection's review sends the case back, if upheld, only once the notice ends; a measure
      // and a manual entry leave the stage as it is.
      return current;
  }
}

/** The public notice's objections: each a review task of the township, lodged while it runs. */
export class NoticeBoard {
  private openUntil: number | null = null;
  private readonly reviews: OpenTask[] = [];

  constructor(private readonly state: CaseState) {}

  /** Whether objections may be lodged now. */
  get isOpen(): boolean {
    return this.openUntil !== null && Date.now() <= this.openUntil;
  }

  start(until: number): void {
    this.openUntil = until;
    this.state.summary.noticeEndsAt = new Date(until).toISOString();
  }

  close(): void {
    this.openUntil = null;
    this.state.summary.noticeEndsAt = null;
  }

  add(review: OpenTask): void {
    this.reviews.push(review);
  }

  /** Review tasks not yet collected by the procedure. */
  take(): OpenTask[] {
    return this.reviews.splice(0, this.reviews.length);
  }
}

type Outcome = 'to-city' | 'excluded';

/** The case's first task, opened by intake with the case itself. */
export const firstVillageTaskId = 'village-verification-1';

/**
 * Identification below the city (plan §4.3, steps 1–2): village verification with the household's
 * signed commitment, democratic appraisal, public notice with objections, township re-verification.
 * An upheld objection sends the case back to village verification, with the reason kept in its
 * history.
 */
export async function identify(
  state: CaseState,
  board: TaskBoard,
  notice: NoticeBoard,
  steps: StepDeadlines,
  firstDue: DueAtResult,
  pendingHandlers: () => boolean,
): Promise<Outcome> {
  for (let round = 1; ; round++) {
    // Intake opened (and mirrored in the inbox) the first round's task with the case.
    const village = await board.waitFor(
      round === 1
        ? board.opened(
            'village-verification',
            firstVillageTaskId,
            dueOf(firstDue),
            CaseStages.villageVerification,
          )
        : await board.openDue(
            'village-verification',
            `village-verification-${round}`,
            steps.villageVerification,
            CaseStages.villageVerification,
          ),
    );
    if ((village.body as TaskFormOf<'village-verification'>).outcome !== 'nominate')
      return 'excluded';

    const appraisal = await board.decision(
      'democratic-appraisal',
      round,
      steps.democraticAppraisal,
      CaseStages.democraticAppraisal,
    );
    if (appraisal.body.outcome !== 'approved') return 'excluded';

    if (
      await publicNotice(state, board, notice, steps, `public-notice-${round}`, pendingHandlers)
    ) {
      state.note('sent-back', { code: 'OBJECTION_UPHELD' });
      continue;
    }

    const township = await board.decision(
      'township-verification',
      round,
      steps.townshipVerification,
      CaseStages.townshipVerification,
    );
    return township.body.outcome === 'confirm' ? 'to-city' : 'excluded';
  }
}

/**
 * The notice period on a durable timer (identification's, or an elimination's). Objections lodged
 * meanwhile become review tasks; once the period is over and every review is done, says whether any
 * objection was upheld.
 */
export async function publicNotice(
  state: CaseState,
  board: TaskBoard,
  notice: NoticeBoard,
  steps: StepDeadlines,
  stepId: string,
  pendingHandlers: () => boolean,
  stage: CaseStage = CaseStages.publicNotice,
): Promise<boolean> {
  const endsAt = Date.parse(await board.dueAt(steps.noticePeriod));
  state.moveTo(stage, [], new Date(endsAt));
  notice.start(endsAt);
  await sleep(Math.max(1, endsAt - Date.now()));
  notice.close();
  // Objections whose Update is still being handled are part of this notice.
  await condition(() => !pendingHandlers());
  let upheld = false;
  for (;;) {
    const reviews = notice.take();
    if (reviews.length === 0) break;
    const done = await Promise.all(reviews.map((task) => board.waitFor(task)));
    upheld ||= done.some((c) => (c.body as TaskFormOf<'objection-review'>).upheld);
  }
  await verification.recordStep({
    ...state.ref,
    stepId,
    kind: 'public-notice',
    actor: 'system:workflow',
    detail: { endsAt: new Date(endsAt).toISOString(), upheld },
  });
  return upheld;
}

/**
 * Waits for the next half-monthly cut-off: the case goes into that period's report to the city. A
 * case the city bureau took ahead of the cut-off (a sudden-hardship case) is reported at once, or
 * as soon as the city takes it. The span of the wait, for the identification's clock, which stands
 * still meanwhile.
 */
export async function awaitReport(
  state: CaseState,
  steps: StepDeadlines,
): Promise<{ pausedAt: string; resumedAt: string }> {
  const from = new Date().toISOString();
  const fastTracked = () => state.summary.fastTrack === true;
  let reportedAt = from;
  if (!fastTracked()) {
    const cutoffAt =
      steps.reportCutoff === 'half-month'
        ? (await scheduling.nextReportCutoff({ from })).cutoffAt
        : (await scheduling.dueAt({ from, spec: steps.reportCutoff })).dueAt;
    state.moveTo(CaseStages.awaitingReport, [], new Date(cutoffAt));
    const taken = await condition(fastTracked, Math.max(1, Date.parse(cutoffAt) - Date.now()));
    // The cut-off itself when it came; the moment the city took the case otherwise.
    reportedAt = taken ? new Date().toISOString() : cutoffAt;
  }
  await verification.recordStep({
    ...state.ref,
    stepId: `report-${reportedAt}`,
    kind: 'report',
    actor: 'system:workflow',
    detail: { cutoffAt: reportedAt, ...(fastTracked() ? { fastTrack: true } : {}) },
  });
  state.note('reported', { code: reportedAt.slice(0, 10) });
  return { pausedAt: from, resumedAt: reportedAt };
}
