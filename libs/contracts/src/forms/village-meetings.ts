import { z } from './zod';

import {
  calendarDate,
  code,
  form,
  plainText,
  reasonCode,
  reasonWith,
  refuse,
  text,
} from './fields';
import { MeetingPurposes, type MeetingPurpose } from '../codes';

/**
 * A village meeting (村民代表会议, plan §4.3): the committee appraises a list of households at once
 * (民主评议) and posts one public notice (公示) for those it approves, for inclusion as monitoring
 * objects or for risk elimination. Each household's outcome becomes the completion of its case's
 * appraisal task; an objection against one household during the notice holds back that household
 * only.
 */

/** The task each case waits with; the plan's appraisal is no task but the plan in force. */
export const AppraisalKindOfPurpose = {
  inclusion: 'democratic-appraisal',
  elimination: 'elimination-appraisal',
} as const satisfies Record<Exclude<MeetingPurpose, 'plan'>, string>;

/** At most this many households in one meeting's list (a village has a few hundred households). */
export const MaxMeetingHouseholds = 200;

/** A case id as the API names cases: `case-` and the household key. */
export const caseId = text(
  /^case-hh[0-9a-f]{32}$/,
  'must be a case id (case-hh and 32 hex digits)',
);

/** One household of the list and the meeting's outcome for it. */
export const MeetingHousehold = form({
  caseId,
  outcome: z.enum(['approved', 'rejected']),
  reasonCode: reasonCode.optional().meta({ description: 'Required with rejected' }),
})
  .superRefine(reasonWith('rejected'))
  .meta({ id: 'MeetingHousehold' });
export type MeetingHousehold = z.infer<typeof MeetingHousehold>;

export const VillageMeetingForm = form({
  meetingId: code.meta({
    description:
      'Chosen by the committee, unique in the village; the same meeting again changes nothing',
    examples: ['2026-12-inclusion-1'],
  }),
  purpose: z.enum(MeetingPurposes),
  heldOn: calendarDate.meta({ description: 'The day of the meeting' }),
  place: plainText(60).meta({ description: 'Where it met (村委会议室)', examples: ['村委会议室'] }),
  attendees: z.int().min(1).max(1000).meta({ description: 'Representatives present (参会人数)' }),
  noticePlace: plainText(60).meta({
    description: 'Where the public notice of the approved households is posted (公示栏)',
    examples: ['村务公开栏'],
  }),
  households: z.array(MeetingHousehold).min(1).max(MaxMeetingHouseholds),
})
  .superRefine((meeting, ctx) => {
    const ids = new Set(meeting.households.map((h) => h.caseId));
    if (ids.size !== meeting.households.length) {
      refuse(ctx, 'households', 'must name each case once', 'distinct');
    }
  })
  .meta({ id: 'VillageMeetingForm', title: '村民代表会议 民主评议 village meeting' });
export type VillageMeetingForm = z.infer<typeof VillageMeetingForm>;
