import { z } from '../forms/zod';

import { MemberChangeReasons } from '../forms/households';
import { count, instant, view } from './fields';
import { MemberConditions, MemberJoinReasons, MemberRelations } from '../codes';

/** A resident ID number as a household's views show it. */
const maskedResidentId = z.string().meta({
  description: 'Masked: first 6 and last 4 characters',
  examples: ['220681********123X'],
});

/** A household in the caller's jurisdiction: its head's numbers masked. */
export const HouseholdView = view('Household', {
  householdKey: z.string(),
  villageCode: z.string(),
  townshipCode: z.string(),
  caseId: z.string().meta({ description: 'The workflow id of its case' }),
  head: view({
    name: z.string(),
    residentId: maskedResidentId,
    phone: z
      .string()
      .nullable()
      .meta({ examples: ['138****8000'] }),
  }),
  memberCount: count.meta({ description: 'Current members (家庭成员), the head among them' }),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

/** The head's full resident ID number and phone: every read is written to the audit log. */
export const ResidentIdView = view('ResidentId', {
  householdKey: z.string(),
  residentId: z.string().meta({ description: 'In full' }),
  phone: z.string().nullable(),
});
export type ResidentIdView = z.infer<typeof ResidentIdView>;

/** A household's move (迁移), as the API carried it out. */
export const HouseholdMoved = view('HouseholdMoved', {
  householdKey: z.string(),
  fromVillageCode: z.string(),
  villageCode: z.string().meta({ description: 'Where the household lives now' }),
  caseId: z.string().nullable().meta({
    description: 'The running case that moved with it (its open tasks too), or null when none runs',
  }),
});
export type HouseholdMoved = z.infer<typeof HouseholdMoved>;

/**
 * A household member as the caller may see them: the name to those who may read households, the
 * ID number masked, the special-group conditions (health data) only to the staff who may read ID
 * numbers in full (village cadre, township, city); to others the field is absent.
 */
export const MemberView = view('HouseholdMember', {
  memberId: z.string().meta({ examples: ['42'] }),
  relation: z.enum(MemberRelations),
  name: z.string(),
  residentId: maskedResidentId,
  conditions: z.array(z.enum(MemberConditions)).optional().meta({
    description: 'Health data: only for village cadres, township officers and the city bureau',
  }),
  joinedOn: z.string().meta({ format: 'date' }),
  joinedReason: z.enum(MemberJoinReasons),
});
export type MemberView = z.infer<typeof MemberView>;

/** A household's current members, the head first: income per capita divides by `memberCount`. */
export const MembersView = view('HouseholdMembers', {
  householdKey: z.string(),
  memberCount: count,
  members: z.array(MemberView),
});
export type MembersView = z.infer<typeof MembersView>;

/** One change to a household's members: who, what, when, why and who recorded it. */
export const MemberChange = view('HouseholdMemberChange', {
  memberId: z.string(),
  change: z.enum(['joined', 'left']),
  reasonCode: z.enum(MemberChangeReasons),
  on: z.string().meta({ format: 'date', description: 'The day it happened' }),
  recordedAt: instant,
  recordedBy: z
    .string()
    .meta({ description: 'The account (or the reporting source) that recorded it' }),
});
export type MemberChange = z.infer<typeof MemberChange>;

/** The household's member changes, oldest first. */
export const MemberChanges = view('HouseholdMemberChanges', {
  householdKey: z.string(),
  changes: z.array(MemberChange).meta({ description: 'Oldest first' }),
});
export type MemberChanges = z.infer<typeof MemberChanges>;

/** A member's join or leave as the API carried it out. */
export const MemberChanged = view('HouseholdMemberChanged', {
  householdKey: z.string(),
  memberId: z.string(),
  status: z.enum(['recorded', 'already']).meta({
    description: '`already`: the same change was recorded before; nothing changed',
  }),
  memberCount: count.meta({ description: 'Current members after the change' }),
  newHeadMemberId: z.string().nullable().meta({ description: 'When the head left: the new head' }),
  foundedHouseholdKey: z.string().nullable().meta({
    description: 'When the member left by split to found a household: its key',
  }),
});
export type MemberChanged = z.infer<typeof MemberChanged>;
