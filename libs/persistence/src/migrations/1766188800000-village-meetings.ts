import { sqlMigration } from './sql-migration';

/**
 * Village meetings (村民代表会议): the committee appraises a list of households at once (民主评议)
 * and posts one public notice (公示) for the list, for inclusion, for risk elimination or for the
 * assistance plan in force (its `task_id` is then `plan-<n>`). Each household's outcome is handed
 * to its case (the completion of its appraisal task, or the plan's appraisal): `pending`
 * until the case took it, `recorded` once it did, `refused` when the case no longer waited for it
 * (with the case's code). A meeting is never changed once recorded, only its hand-overs advance.
 */
export const VillageMeetings1766188800000 = sqlMigration('VillageMeetings1766188800000', {
  up: [
    `
      CREATE TABLE village_meetings (
        village_code  char(12) NOT NULL,
        meeting_id    text NOT NULL,
        township_code char(9) NOT NULL,
        purpose       text NOT NULL CHECK (purpose IN ('inclusion', 'elimination', 'plan')),
        held_on       date NOT NULL,
        place         text NOT NULL,
        attendees     integer NOT NULL CHECK (attendees > 0),
        notice_place  text NOT NULL,
        recorded_by   text NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (village_code, meeting_id),
        CONSTRAINT village_meetings_nest CHECK (left(village_code, 9) = township_code)
      )`,
    `CREATE INDEX village_meetings_recent_idx ON village_meetings (village_code, recorded_at DESC)`,
    `
      CREATE TABLE village_meeting_households (
        village_code char(12) NOT NULL,
        meeting_id   text NOT NULL,
        position     integer NOT NULL,
        case_id      text NOT NULL,
        run_id       uuid NOT NULL REFERENCES cases (run_id),
        task_id      text NOT NULL,
        outcome      text NOT NULL CHECK (outcome IN ('approved', 'rejected')),
        reason_code  text,
        status       text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'recorded', 'refused')),
        refusal      text,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (village_code, meeting_id, case_id),
        FOREIGN KEY (village_code, meeting_id) REFERENCES village_meetings (village_code, meeting_id),
        CONSTRAINT village_meeting_households_reason CHECK (
          (outcome = 'rejected') = (reason_code IS NOT NULL))
      )`,
    `CREATE INDEX village_meeting_households_case_idx ON village_meeting_households (case_id)`,
    `CREATE INDEX village_meeting_households_run_idx ON village_meeting_households (run_id, task_id)`,
  ],
  down: [`DROP TABLE village_meeting_households`, `DROP TABLE village_meetings`],
});
