import { z } from '../forms/zod';

import { count, instant, pageAfter, view } from './fields';
import { MeetingPurposes } from '../codes';

/** A household whose case waits for the committee's appraisal: one line of the meeting's list. */
export const WaitingForAppraisal = view('WaitingForAppraisal', {
  caseId: z.string(),
  taskId: z.string(),
  headName: z.string(),
  dueAt: instant.nullable(),
  escalated: z.boolean().meta({ description: 'Overdue and shown to the township' }),
});

export const AppraisalList = view('AppraisalList', {
  villageCode: z.string(),
  village: z.string(),
  purpose: z.enum(MeetingPurposes),
  households: z.array(WaitingForAppraisal).meta({ description: 'Oldest first, at most 500' }),
});
export type AppraisalList = z.infer<typeof AppraisalList>;

/** How a household's outcome fared: its case took it, or no longer waited for it. */
export const MeetingHouseholdView = view('MeetingHouseholdView', {
  caseId: z.string(),
  headName: z.string(),
  outcome: z.enum(['approved', 'rejected']),
  reasonCode: z.string().nullable(),
  handedOver: z.enum(['pending', 'recorded', 'refused']).meta({
    description:
      '`recorded`: the case took the outcome; `refused`: it no longer waited for it (see `refusal`); `pending`: not yet handed over, the same request again completes it',
  }),
  refusal: z.string().nullable().meta({ description: 'The case’s error code when refused' }),
  stage: z.string().nullable().meta({ description: 'Where the case stands now' }),
  noticeEndsAt: instant.nullable().meta({ description: 'While its public notice runs' }),
});

const meetingFields = {
  villageCode: z.string(),
  meetingId: z.string(),
  purpose: z.enum(MeetingPurposes),
  heldOn: z.string().meta({ description: 'YYYY-MM-DD' }),
  place: z.string(),
  attendees: count,
  noticePlace: z.string(),
  recordedBy: z.string(),
  recordedAt: instant,
};

export const VillageMeetingSummary = view('VillageMeetingSummary', {
  ...meetingFields,
  households: count,
});

/** A meeting with its list: one appraisal, one public notice (公示) of the approved households. */
export const VillageMeeting = view('VillageMeeting', {
  ...meetingFields,
  village: z.string(),
  township: z.string(),
  notice: view({
    place: z.string(),
    postedAt: instant.meta({ description: 'When the meeting was recorded and the notice posted' }),
    endsAt: instant.nullable().meta({
      description: 'When the notice of the households still in it ends; null when none is',
    }),
  }),
  households: z.array(MeetingHouseholdView).meta({ description: 'In the order of the list' }),
});
export type VillageMeeting = z.infer<typeof VillageMeeting>;

export const VillageMeetingPage = pageAfter(
  'meetings',
  VillageMeetingSummary,
  'Latest recorded first',
).meta({ id: 'VillageMeetingPage' });
export type VillageMeetingPage = z.infer<typeof VillageMeetingPage>;
