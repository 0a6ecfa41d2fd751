import { z } from './zod';

import { calendarDate, distinct, form, text } from './fields';
import { HouseholdHead } from './ways-in';
import {
  MemberConditions,
  MemberJoinReasons,
  MemberLeaveReasons,
  MemberRelations,
  type MemberJoinReason,
  type MemberLeaveReason,
} from '../codes';

/**
 * A household's members (家庭成员) as staff record them: who joins (a birth, a marriage, a move in),
 * who leaves (a death, a marriage out, a household split 分户, a move out), each with a reason
 * code and a date. Names, ID numbers and conditions are personal data, sealed before they are
 * stored.
 */

/** Every reason a member change may give, joins and leaves, each once. */
export const MemberChangeReasons: readonly (MemberJoinReason | MemberLeaveReason)[] = [
  ...MemberJoinReasons,
  ...MemberLeaveReasons.filter(
    (reason) => !(MemberJoinReasons as readonly string[]).includes(reason),
  ),
];

const conditions = distinct(z.enum(MemberConditions), MemberConditions.length).meta({
  description: 'Special groups the member belongs to (health data, sealed)',
});

/** A member joins a household. Sent again with the same person, it changes nothing. */
export const MemberJoinForm = form({
  name: HouseholdHead.shape.name.meta({ description: 'The member’s name (personal data)' }),
  residentId: HouseholdHead.shape.residentId,
  relation: z.enum(MemberRelations).exclude(['head']),
  reasonCode: z.enum(MemberJoinReasons).exclude(['registered', 'split']),
  joinedOn: calendarDate,
  conditions: conditions.optional(),
}).meta({ id: 'MemberJoinForm', title: '家庭成员增加 a member joins' });
export type MemberJoinForm = z.infer<typeof MemberJoinForm>;

/**
 * A member leaves a household. The head may leave only with a new head named among the members
 * who stay; the household keeps its key. A member who leaves by `split` may found a household of
 * their own (its head), in the same village.
 */
export const MemberLeaveForm = form({
  reasonCode: z.enum(MemberLeaveReasons),
  leftOn: calendarDate,
  newHeadMemberId: text(/^[1-9]\d{0,17}$/, 'must be a member id')
    .optional()
    .meta({ description: 'When the head leaves: the member who becomes head' }),
  foundsHousehold: z
    .boolean()
    .optional()
    .meta({ description: 'With `split`: the member founds a household of their own' }),
}).meta({ id: 'MemberLeaveForm', title: '家庭成员减少 a member leaves' });
export type MemberLeaveForm = z.infer<typeof MemberLeaveForm>;
