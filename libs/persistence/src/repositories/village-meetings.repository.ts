import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Queryable } from './database';

export type MeetingPurpose = 'inclusion' | 'elimination' | 'plan';

export interface NewVillageMeeting {
  villageCode: string;
  meetingId: string;
  townshipCode: string;
  purpose: MeetingPurpose;
  heldOn: string;
  place: string;
  attendees: number;
  noticePlace: string;
  recordedBy: string;
}

export interface NewMeetingHousehold {
  caseId: string;
  runId: string;
  taskId: string;
  outcome: 'approved' | 'rejected';
  reasonCode: string | null;
}

export interface VillageMeetingRow {
  village_code: string;
  meeting_id: string;
  township_code: string;
  purpose: MeetingPurpose;
  held_on: string;
  place: string;
  attendees: number;
  notice_place: string;
  recorded_by: string;
  recorded_at: Date;
  households: number;
}

export interface MeetingHouseholdRow {
  position: number;
  case_id: string;
  run_id: string;
  task_id: string;
  outcome: 'approved' | 'rejected';
  reason_code: string | null;
  status: 'pending' | 'recorded' | 'refused';
  refusal: string | null;
  stage: string | null;
  stage_since: Date | null;
  notice_ends_at: Date | null;
  head_name_sealed: string;
}

export interface WaitingTaskRow {
  case_id: string;
  run_id: string;
  task_id: string;
  due_at: Date | null;
  escalated_to: string | null;
  head_name_sealed: string;
}

const MEETING_COLUMNS = `m.village_code, m.meeting_id, m.township_code, m.purpose,
  to_char(m.held_on, 'YYYY-MM-DD') AS held_on, m.place, m.attendees, m.notice_place,
  m.recorded_by, m.recorded_at,
  (SELECT count(*)::int FROM village_meeting_households x
    WHERE x.village_code = m.village_code AND x.meeting_id = m.meeting_id) AS households`;

/**
 * Village meetings (`village_meetings`, `village_meeting_households`): one appraisal of a list of
 * households and its public notice, and how far each household's outcome reached its case.
 */
@Injectable()
export class VillageMeetingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The village's households whose case waits for the committee's appraisal of `kind`, oldest
   * first; limited to `caseIds` when given. A task a meeting has taken up is not waiting, even
   * before the inbox shows it done.
   */
  waitingTasks(
    villageCode: string,
    kind: string,
    caseIds: readonly string[] | null,
    limit: number,
  ): Promise<WaitingTaskRow[]> {
    return this.dataSource.query<WaitingTaskRow[]>(
      `SELECT t.case_id, t.run_id, t.task_id, t.due_at, t.escalated_to, h.head_name_sealed
       FROM tasks t
       JOIN cases c ON c.run_id = t.run_id
       JOIN households h ON h.household_key = c.household_key
       WHERE t.village_code = $1 AND t.kind = $2 AND t.status = 'open'
         AND NOT EXISTS (SELECT 1 FROM village_meeting_households x
                         WHERE x.run_id = t.run_id AND x.task_id = t.task_id
                           AND x.status <> 'refused')
         AND ($3::text[] IS NULL OR t.case_id = ANY($3::text[]))
       ORDER BY t.opened_at, t.case_id LIMIT $4`,
      [villageCode, kind, caseIds, limit],
    );
  }

  /**
   * The village's monitored households whose plan in force no meeting has appraised yet (a
   * refused hand-over leaves it waiting), the oldest plan first; limited to `caseIds` when given.
   * The plan is named as `plan-<n>` in `task_id`.
   */
  plansWaiting(
    villageCode: string,
    caseIds: readonly string[] | null,
    limit: number,
  ): Promise<WaitingTaskRow[]> {
    return this.dataSource.query<WaitingTaskRow[]>(
      `SELECT c.case_id, c.run_id, 'plan-' || p.plan_no AS task_id, NULL::timestamptz AS due_at,
              NULL::text AS escalated_to, h.head_name_sealed
       FROM cases c
       JOIN households h ON h.household_key = c.household_key
       JOIN LATERAL (SELECT ap.plan_no, ap.created_at FROM assistance_plans ap
                     WHERE ap.run_id = c.run_id AND ap.status = 'adopted'
                     ORDER BY ap.plan_no DESC LIMIT 1) p ON true
       WHERE c.village_code = $1 AND c.status IN ('open', 'included')
         AND c.stage IN ('MONITORING', 'ELIMINATION_APPRAISAL', 'ELIMINATION_NOTICE',
                         'ELIMINATION_TOWNSHIP', 'ELIMINATION_CITY')
         AND NOT EXISTS (SELECT 1 FROM village_meeting_households x
                         WHERE x.run_id = c.run_id AND x.task_id = 'plan-' || p.plan_no
                           AND x.status <> 'refused')
         AND ($2::text[] IS NULL OR c.case_id = ANY($2::text[]))
       ORDER BY p.created_at, c.case_id LIMIT $3`,
      [villageCode, caseIds, limit],
    );
  }

  /** Records a meeting and its households; false when the village already has this meeting id. */
  async insert(
    meeting: NewVillageMeeting,
    households: readonly NewMeetingHousehold[],
    db: Queryable,
  ): Promise<boolean> {
    const inserted = await db.query<unknown[]>(
      `INSERT INTO village_meetings (village_code, meeting_id, township_code, purpose, held_on,
                                     place, attendees, notice_place, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (village_code, meeting_id) DO NOTHING RETURNING 1`,
      [
        meeting.villageCode,
        meeting.meetingId,
        meeting.townshipCode,
        meeting.purpose,
        meeting.heldOn,
        meeting.place,
        meeting.attendees,
        meeting.noticePlace,
        meeting.recordedBy,
      ],
    );
    if (inserted.length === 0) return false;
    await db.query(
      `INSERT INTO village_meeting_households
         (village_code, meeting_id, position, case_id, run_id, task_id, outcome, reason_code)
       SELECT $1, $2, ord, h.case_id, h.run_id::uuid, h.task_id, h.outcome, h.reason_code
       FROM ROWS FROM (jsonb_to_recordset($3::jsonb)
              AS (case_id text, run_id text, task_id text, outcome text, reason_code text))
            WITH ORDINALITY AS h(case_id, run_id, task_id, outcome, reason_code, ord)`,
      [
        meeting.villageCode,
        meeting.meetingId,
        JSON.stringify(
          households.map((h) => ({
            case_id: h.caseId,
            run_id: h.runId,
            task_id: h.taskId,
            outcome: h.outcome,
            reason_code: h.reasonCode,
          })),
        ),
      ],
    );
    return true;
  }

  async find(villageCode: string, meetingId: string): Promise<VillageMeetingRow | null> {
    const [row] = await this.dataSource.query<VillageMeetingRow[]>(
      `SELECT ${MEETING_COLUMNS} FROM village_meetings m
       WHERE m.village_code = $1 AND m.meeting_id = $2`,
      [villageCode, meetingId],
    );
    return row ?? null;
  }

  /** The village's meetings, the latest recorded first, before the cursor (instant, meeting id). */
  list(
    villageCode: string,
    before: readonly (string | number)[] | null,
    limit: number,
  ): Promise<(VillageMeetingRow & { recorded_key: string })[]> {
    return this.dataSource.query(
      `SELECT ${MEETING_COLUMNS},
              to_char(m.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                AS recorded_key
       FROM village_meetings m
       WHERE m.village_code = $1
         AND ($2::timestamptz IS NULL OR (m.recorded_at, m.meeting_id) < ($2::timestamptz, $3))
       ORDER BY m.recorded_at DESC, m.meeting_id DESC LIMIT $4`,
      [villageCode, before?.[0] ?? null, before?.[1] ?? null, limit],
    );
  }

  /**
   * A meeting's households in the order the committee listed them, with where each case stands now
   * and, during a notice, when the notice ends as an objection's review knows it.
   */
  households(villageCode: string, meetingId: string): Promise<MeetingHouseholdRow[]> {
    return this.dataSource.query<MeetingHouseholdRow[]>(
      `SELECT x.position::int AS position, x.case_id, x.run_id, x.task_id, x.outcome,
              x.reason_code, x.status, x.refusal, c.stage, c.stage_since, h.head_name_sealed,
              (SELECT max(t.notice_ends_at) FROM tasks t WHERE t.run_id = c.run_id
                 AND t.kind = 'objection-review' AND t.opened_at >= c.stage_since) AS notice_ends_at
       FROM village_meeting_households x
       JOIN cases c ON c.run_id = x.run_id
       JOIN households h ON h.household_key = c.household_key
       WHERE x.village_code = $1 AND x.meeting_id = $2
       ORDER BY x.position`,
      [villageCode, meetingId],
    );
  }

  /** How a household's outcome fared at its case. */
  async handedOver(
    villageCode: string,
    meetingId: string,
    caseId: string,
    status: 'recorded' | 'refused',
    refusal: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE village_meeting_households SET status = $4, refusal = $5, updated_at = now()
       WHERE village_code = $1 AND meeting_id = $2 AND case_id = $3 AND status = 'pending'`,
      [villageCode, meetingId, caseId, status, refusal],
    );
  }
}
