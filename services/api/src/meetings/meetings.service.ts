import { Injectable } from '@nestjs/common';
import type { Request } from 'express';

import {
  AppraisalKindOfPurpose,
  CaseStages,
  ErrorCodes,
  type Actor,
  type AppraisalList,
  type MeetingPurpose,
  type TaskForm,
  type VillageMeeting,
  type VillageMeetingForm,
  type VillageMeetingPage,
} from '@fanpin/contracts';
import {
  PiiCipher,
  PiiFields,
  Transactions,
  VillageMeetingsRepository,
  type MeetingHouseholdRow,
  type VillageMeetingRow,
} from '@fanpin/persistence';

import { keysetPage } from '../case-files/history-cursor';
import { CaseCommands, CasesService } from '../cases/cases.service';
import { VillagesService } from '../console/villages.service';
import { ApiError } from '../errors/api-error';
import { UnreadableName, openSealed } from '../households/household-display';

/** How many households' outcomes are handed to their cases at once. */
const HAND_OVER_CONCURRENCY = 4;

/** The stages in which a case's public notice runs. */
const noticeStages: ReadonlySet<string> = new Set([
  CaseStages.publicNotice,
  CaseStages.eliminationNotice,
]);

const notFound = () => new ApiError(ErrorCodes.meetingNotFound, 404, 'no such meeting');

/** Whether a stored meeting is the one a form describes (the same request sent again). */
function sameMeeting(
  row: VillageMeetingRow,
  households: MeetingHouseholdRow[],
  form: VillageMeetingForm,
): boolean {
  return (
    row.purpose === form.purpose &&
    row.held_on === form.heldOn &&
    row.place === form.place &&
    row.attendees === form.attendees &&
    row.notice_place === form.noticePlace &&
    households.length === form.households.length &&
    households.every((h, i) => {
      const sent = form.households[i];
      return (
        sent !== undefined &&
        h.case_id === sent.caseId &&
        h.outcome === sent.outcome &&
        h.reason_code === (sent.reasonCode ?? null)
      );
    })
  );
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Village meetings (村民代表会议): one democratic appraisal of a list of households, for inclusion or
 * for risk elimination, and one public notice of those approved. The meeting is stored first; each
 * household's outcome is then handed to its case as the completion of its appraisal task, a signed
 * Update like any task's, so the case runs its own notice and an objection holds back that case
 * alone. A hand-over that Temporal could not take stays pending: the same request again completes it.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: VillageMeetingsRepository,
    private readonly transactions: Transactions,
    private readonly cases: CasesService,
    private readonly villages: VillagesService,
    private readonly cipher: PiiCipher,
  ) {}

  /** The village's households whose cases wait for the committee's appraisal, oldest first. */
  async waiting(
    actor: Actor,
    villageCode: string,
    purpose: MeetingPurpose,
    request: Request,
  ): Promise<AppraisalList> {
    const { village } = await this.villages.village(actor, villageCode, request);
    const rows = await this.waitingFor(villageCode, purpose, null, 500);
    return {
      villageCode,
      village,
      purpose,
      households: rows.map((r) => ({
        caseId: r.case_id,
        taskId: r.task_id,
        headName: this.headName(r.head_name_sealed),
        dueAt: r.due_at?.toISOString() ?? null,
        escalated: r.escalated_to !== null,
      })),
    };
  }

  async hold(
    actor: Actor,
    villageCode: string,
    form: VillageMeetingForm,
    request: Request,
  ): Promise<VillageMeeting> {
    await this.villages.village(actor, villageCode, request);
    const known = await this.meetings.find(villageCode, form.meetingId);
    if (known) {
      this.sameOrConflict(known, await this.meetings.households(villageCode, form.meetingId), form);
    } else {
      await this.record(actor, villageCode, form);
    }
    const moved = await this.handOver(actor, villageCode, form, request);
    return this.one(actor, villageCode, form.meetingId, request, moved);
  }

  async one(
    actor: Actor,
    villageCode: string,
    meetingId: string,
    request: Request,
    /** Where cases moved as they took their outcome just now: the read model follows shortly. */
    moved: ReadonlyMap<string, string> = new Map(),
  ): Promise<VillageMeeting> {
    const names = await this.villages.village(actor, villageCode, request);
    const row = await this.meetings.find(villageCode, meetingId);
    if (!row) throw notFound();
    const households = await this.meetings.households(villageCode, meetingId);
    // A household's notice end while its notice runs; the list's notice ends with the last of them.
    const endOf = (h: MeetingHouseholdRow): Date | null =>
      h.stage !== null && noticeStages.has(h.stage)
        ? this.villages.noticeEnd(h.stage_since ?? row.recorded_at, h.notice_ends_at)
        : null;
    const ends = households.map(endOf);
    const last = Math.max(...ends.map((d) => d?.getTime() ?? 0));
    return {
      ...this.summary(row),
      ...names,
      notice: {
        place: row.notice_place,
        postedAt: row.recorded_at.toISOString(),
        endsAt: last > 0 ? new Date(last).toISOString() : null,
      },
      households: households.map((h, i) => ({
        caseId: h.case_id,
        headName: this.headName(h.head_name_sealed),
        outcome: h.outcome,
        reasonCode: h.reason_code,
        handedOver: h.status,
        refusal: h.refusal,
        stage: moved.get(h.case_id) ?? h.stage,
        noticeEndsAt: ends[i]?.toISOString() ?? null,
      })),
    };
  }

  async page(
    actor: Actor,
    villageCode: string,
    q: { after?: string; limit?: number },
    request: Request,
  ): Promise<VillageMeetingPage> {
    await this.villages.village(actor, villageCode, request);
    const { rows, next } = await keysetPage(
      q,
      ['instant', 'code'],
      (after, limit) => this.meetings.list(villageCode, after, limit),
      (last) => [last.recorded_key, last.meeting_id],
      50,
    );
    return { meetings: rows.map((r) => ({ ...this.summary(r), households: r.households })), next };
  }

  /** The households waiting for an appraisal of `purpose`: an open task, or a plan in force. */
  private waitingFor(
    villageCode: string,
    purpose: MeetingPurpose,
    caseIds: readonly string[] | null,
    limit: number,
  ) {
    return purpose === 'plan'
      ? this.meetings.plansWaiting(villageCode, caseIds, limit)
      : this.meetings.waitingTasks(villageCode, AppraisalKindOfPurpose[purpose], caseIds, limit);
  }

  /** Stores the meeting, once every household of its list is found waiting for this appraisal. */
  private async record(actor: Actor, villageCode: string, form: VillageMeetingForm): Promise<void> {
    const caseIds = form.households.map((h) => h.caseId);
    const waiting = await this.waitingFor(villageCode, form.purpose, caseIds, caseIds.length + 1);
    const taskOf = new Map(waiting.map((w) => [w.case_id, w]));
    const missing = form.households.flatMap((h, i) => (taskOf.has(h.caseId) ? [] : [i]));
    if (missing.length > 0) {
      throw new ApiError(
        ErrorCodes.meetingCaseNotWaiting,
        422,
        `${missing.length} household(s) of the list do not wait for this appraisal in this village`,
        missing.map((i) => ({
          field: `households[${i}].caseId`,
          rule: 'waiting',
          message: `households[${i}].caseId does not wait for the committee’s ${form.purpose} appraisal in this village`,
        })),
      );
    }
    const inserted = await this.transactions.run((db) =>
      this.meetings.insert(
        {
          villageCode,
          meetingId: form.meetingId,
          townshipCode: villageCode.slice(0, 9),
          purpose: form.purpose,
          heldOn: form.heldOn,
          place: form.place,
          attendees: form.attendees,
          noticePlace: form.noticePlace,
          recordedBy: actor.id,
        },
        form.households.map((h) => {
          const task = taskOf.get(h.caseId)!;
          return {
            caseId: h.caseId,
            runId: task.run_id,
            taskId: task.task_id,
            outcome: h.outcome,
            reasonCode: h.reasonCode ?? null,
          };
        }),
        db,
      ),
    );
    if (!inserted) {
      // The same meeting id recorded meanwhile by another request: it must be this meeting.
      const row = await this.meetings.find(villageCode, form.meetingId);
      if (!row) throw notFound();
      this.sameOrConflict(row, await this.meetings.households(villageCode, form.meetingId), form);
    }
  }

  private sameOrConflict(
    row: VillageMeetingRow,
    households: MeetingHouseholdRow[],
    form: VillageMeetingForm,
  ): void {
    if (!sameMeeting(row, households, form)) {
      throw new ApiError(
        ErrorCodes.meetingConflict,
        409,
        'this meetingId was already recorded in the village with other content',
      );
    }
  }

  /**
   * Each pending household's outcome to its case. A case that no longer waits refuses it (kept as
   * `refused` with its code); an outage stops here with the rest pending, answered as the outage.
   * Answers the stage each case moved to.
   */
  private async handOver(
    actor: Actor,
    villageCode: string,
    form: VillageMeetingForm,
    request: Request,
  ): Promise<Map<string, string>> {
    const moved = new Map<string, string>();
    const pending = (await this.meetings.households(villageCode, form.meetingId)).filter(
      (h) => h.status === 'pending',
    );
    const stopped: { by?: Error } = {};
    await eachLimited(pending, HAND_OVER_CONCURRENCY, async (h) => {
      if (stopped.by) return;
      try {
        const stage = await this.handOne(actor, form, h, request);
        moved.set(h.case_id, stage);
        await this.meetings.handedOver(villageCode, form.meetingId, h.case_id, 'recorded', null);
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) {
          await this.meetings.handedOver(
            villageCode,
            form.meetingId,
            h.case_id,
            'refused',
            error.code,
          );
        } else {
          stopped.by = error instanceof Error ? error : new Error(String(error));
        }
      }
    });
    if (stopped.by) throw stopped.by;
    return moved;
  }

  /** One household's outcome to its case; the stage the case moved to. */
  private async handOne(
    actor: Actor,
    form: VillageMeetingForm,
    h: MeetingHouseholdRow,
    request: Request,
  ): Promise<string> {
    const reason = h.reason_code === null ? {} : { reasonCode: h.reason_code };
    if (form.purpose === 'plan') {
      const appraisal = {
        planNo: Number(h.task_id.slice('plan-'.length)),
        outcome: h.outcome,
        heldOn: form.heldOn,
        meetingId: form.meetingId,
        noticePlace: form.noticePlace,
        ...reason,
      };
      const plan = CaseCommands.planAppraisal;
      return (await this.cases.send(h.case_id, plan, appraisal, actor, request)).stage;
    }
    const body = {
      kind: AppraisalKindOfPurpose[form.purpose],
      outcome: h.outcome,
      heldOn: form.heldOn,
      meetingId: form.meetingId,
      ...reason,
    } as TaskForm;
    return (await this.cases.completeTask(h.case_id, h.task_id, body, actor, request)).stage;
  }

  private summary(row: VillageMeetingRow) {
    return {
      villageCode: row.village_code,
      meetingId: row.meeting_id,
      purpose: row.purpose,
      heldOn: row.held_on,
      place: row.place,
      attendees: row.attendees,
      noticePlace: row.notice_place,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at.toISOString(),
    };
  }

  private headName(sealed: string): string {
    return openSealed(this.cipher, sealed, PiiFields.headName) ?? UnreadableName;
  }
}
