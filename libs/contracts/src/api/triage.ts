import { z } from '../forms/zod';

import { form, text, villageCode } from '../forms/fields';
import { count, divisionCode, instant, pageAfter, view } from './fields';
import { SectorBureaus, TriageDismissReasons, TriageStatuses } from '../codes';

/**
 * The city bureau's triage of sector-bureau alerts (plan §4.2.3: 市乡村振兴局统一将行业部门反馈的
 * 预警信息确认、汇总下发到各乡镇(街)): every bureau's alerts about one household are one item, which
 * the city confirms (its alerts go to the household's case) or dismisses with a reason code (fed
 * back to every bureau that sent one of them).
 */

/** Pending items of one village. */
export const TriageGroup = view('TriageGroup', {
  townshipCode: divisionCode,
  villageCode: divisionCode,
  items: count.meta({ description: 'Households waiting (each one item, whoever reported them)' }),
  alerts: count.meta({ description: 'Alerts merged into those items' }),
});
export type TriageGroup = z.infer<typeof TriageGroup>;

export const TriageGroups = view('TriageGroups', {
  groups: z.array(TriageGroup).meta({ description: 'By township, then village' }),
  items: count.meta({ description: 'Pending items in all the groups' }),
  alerts: count.meta({ description: 'Alerts in all the groups' }),
});
export type TriageGroups = z.infer<typeof TriageGroups>;

/** One bureau's alert merged into an item. */
export const TriageAlert = view('TriageAlert', {
  bureau: z.enum(SectorBureaus),
  alertId: z.string(),
  triggers: z.array(z.int()),
  receivedAt: instant,
});
export type TriageAlert = z.infer<typeof TriageAlert>;

/** A household waiting for (or given) the city's decision, with every alert about it. */
export const TriageItem = view('TriageItem', {
  itemId: z.string(),
  householdKey: z.string(),
  townshipCode: divisionCode,
  villageCode: divisionCode,
  headName: z
    .string()
    .optional()
    .meta({ description: 'As task lists show it: to roles that may read households' }),
  residentIdMasked: z.string(),
  status: z.enum(TriageStatuses),
  reason: z.enum(TriageDismissReasons).nullable(),
  createdAt: instant,
  decidedAt: instant.nullable(),
  openCaseId: z.string().nullable().meta({
    description: 'The household’s case when a run of it is open or monitored now',
  }),
  alerts: z.array(TriageAlert),
});
export type TriageItem = z.infer<typeof TriageItem>;

export const TriageItemPage = pageAfter('items', TriageItem, 'Oldest first').meta({
  id: 'TriageItemPage',
});
export type TriageItemPage = z.infer<typeof TriageItemPage>;

const townshipCode = text(/^\d{9}$/, 'must be a 9-digit township code').meta({
  examples: ['220681101'],
});

/** Which pending items a decision is about, when it does not name them. */
export const TriageSelection = form('TriageSelection', {
  townshipCode: townshipCode.optional(),
  villageCode: villageCode.optional(),
  bureau: z.enum(SectorBureaus).optional().meta({
    description: 'Items with an alert of this bureau (the whole item: every bureau’s alerts)',
  }),
  all: z.literal(true).optional().meta({
    description:
      'Every pending item of your jurisdiction: required when no other field narrows the selection, so that an empty filter never decides everything by mistake',
  }),
});
export type TriageSelection = z.infer<typeof TriageSelection>;

/** The most items one decision may name; a filter selects any number. */
export const MaxTriageItemIds = 1000;

export const TriageDecisionForm = form({
  decision: z.enum(['confirm', 'dismiss']),
  reason: z.enum(TriageDismissReasons).optional().meta({
    description: 'Required to dismiss, refused to confirm',
  }),
  itemIds: z
    .array(text(/^\d{1,18}$/, 'must be an item id'))
    .min(1)
    .max(MaxTriageItemIds)
    .optional()
    .meta({ description: 'The items decided; exactly one of itemIds and filter' }),
  filter: TriageSelection.optional().meta({
    description:
      'Every pending item of your jurisdiction that matches each field given (`all: true` alone: every one)',
  }),
}).meta({ id: 'TriageDecisionForm', title: '预警确认 triage decision' });
export type TriageDecisionForm = z.infer<typeof TriageDecisionForm>;

export const TriageDecisionView = view('TriageDecisionView', {
  decisionId: z.string(),
  decision: z.enum(['confirm', 'dismiss']),
  reason: z.enum(TriageDismissReasons).nullable(),
  decided: count.meta({ description: 'Pending items this decision decided' }),
  unchanged: count.meta({
    description: 'Named items decided the same way before (a repeated request): nothing changed',
  }),
});
export type TriageDecisionView = z.infer<typeof TriageDecisionView>;
