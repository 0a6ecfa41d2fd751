import { z } from './zod';

import {
  Assurances,
  calendarDate,
  code,
  form,
  labourCapacity,
  text,
  triggers,
  trigger,
  distinct,
  reasonWith,
  refuse,
  villageCode,
  whyCode,
  yuan,
  figuresYear,
  plainText,
} from './fields';
import { DeclarationChannels, ReliefKinds, SectorBureaus } from '../codes';

/**
 * The forms by which a household reaches the system (plan §4.2) and the staff actions on a case
 * that are not tasks. Their personal data (names, ID numbers, phones) is checked for shape here; the
 * API checks a resident ID's GB 11643-1999 check character, a phone's number plan and the village
 * code against the county's divisions, each with its own error code.
 */

/** An id the caller chooses for a request: sent again, the same request changes nothing. */
const requestId = (
  example: string,
  description = 'Chosen by the caller; the same id again changes nothing',
) => code.meta({ description, examples: [example] });

/** The head of household as a report names them: personal data, sealed before it is stored. */
export const HouseholdHead = form('HouseholdHead', {
  name: plainText(50).meta({ description: 'Name of the head of household (personal data)' }),
  residentId: text(/^\d{17}[\dXx]$/, 'must be 18 characters: 17 digits and a check character').meta(
    {
      description: 'Resident ID number, GB 11643-1999 (personal data)',
      examples: ['11010519491231002X'],
    },
  ),
  phone: z
    .string()
    .min(7)
    .max(20)
    .optional()
    .meta({
      description: 'Mobile or landline of the head of household (personal data)',
      examples: ['13800138000'],
    }),
});
export type HouseholdHead = z.infer<typeof HouseholdHead>;

/** A risk alert from a sector bureau (行业部门预警). */
export const AlertForm = form({
  alertId: requestId(
    'EDU-2026-000123',
    "The bureau's own id of the alert; sending it again changes nothing",
  ),
  bureau: z.enum(SectorBureaus),
  villageCode,
  head: HouseholdHead,
  triggers: distinct(trigger, 7, 1).meta({ description: 'Screening triggers of plan §4.1 (1–7)' }),
}).meta({ id: 'AlertForm', title: '行业部门预警 sector-bureau alert' });
export type AlertForm = z.infer<typeof AlertForm>;

/** A household's own declaration (自主申报), through the app, the 12317 hotline or on paper. */
export const DeclarationForm = form({
  declarationId: requestId('DEC-2026-0001'),
  channel: z.enum(DeclarationChannels).meta({
    description: 'app: the household itself; hotline-12317 and written-form: recorded by staff',
  }),
  villageCode,
  head: HouseholdHead,
  triggers: triggers.optional(),
}).meta({ id: 'DeclarationForm', title: '自主申报 self-declaration' });
export type DeclarationForm = z.infer<typeof DeclarationForm>;

/**
 * Events a screening can report, each under the §4.1 trigger whose words name it:
 * 1. 家庭主要劳动力发生意外事故、突患重疾等导致家庭劳动力大幅减少;
 * 2. 家庭成员患大病重病、负担较重的慢性病患者或是教育支出等刚性支出超过上年度收入;
 * 3. 重度残疾人; 4. 家庭经济基础薄弱,自身发展能力不足,经济收入每况愈下; 5. 失能失智老年人口;
 * 6. 遭受自然灾害、意外事故、重大疫情、社会安全等突发事件的受灾影响的农户;
 * 7. 其它原因有可能造成返贫致贫风险的家庭.
 */
export const ScreeningEvents = {
  /** A main labourer's accident (意外事故). */
  mainLabourerAccident: 1,
  /** A main labourer's sudden serious illness (突患重疾). */
  mainLabourerSuddenIllness: 1,
  /** A member's serious illness (大病重病). */
  seriousIllness: 2,
  /** A member's chronic illness with a heavy burden (负担较重的慢性病). */
  chronicIllness: 2,
  /** Education expenses (教育支出). */
  educationExpenses: 2,
  /** A member with a severe disability (重度残疾人). */
  severeDisability: 3,
  /** A weak economic base and little capacity to develop (经济基础薄弱,自身发展能力不足). */
  weakEconomicBase: 4,
  /** A disabled or demented elderly member (失能失智老年人). */
  disabledOrDementedElderly: 5,
  naturalDisaster: 6,
  accident: 6,
  majorEpidemic: 6,
  /** 社会安全事件. */
  publicSecurityEvent: 6,
  /** Any other cause of a risk of (re)falling into poverty (其它原因). */
  otherRisk: 7,
} as const satisfies Record<string, 1 | 2 | 3 | 4 | 5 | 6 | 7>;
export type ScreeningEvent = keyof typeof ScreeningEvents;
export const ScreeningEventCodes = Object.keys(ScreeningEvents) as ScreeningEvent[];

/** Larger households are refused as a typing error. */
export const MaxHouseholdSize = 30;

/** A home visit's figures: codes and numbers only, no name, ID number or phone. */
export const ScreeningFiguresForm = form('ScreeningFigures', {
  householdSize: z.int().min(1).max(MaxHouseholdSize).meta({
    description: 'Members of the household (以家庭为单位)',
  }),
  figuresYear: figuresYear.optional(),
  incomePerCapita: yuan.meta({ description: 'Yuan per person, this year’s estimate' }),
  lastYearIncomePerCapita: yuan.meta({ description: 'Yuan per person, last year' }),
  rigidExpenses: yuan.meta({
    description: 'Yuan per year for the household: medical, education, disaster, accident',
  }),
  assurances: Assurances,
  labourCapacity,
  liftedOutOfPoverty: z.boolean().meta({
    description: '脱贫户: registered poor and lifted out of poverty (only it can be 脱贫不稳定户)',
  }),
  events: distinct(z.enum(ScreeningEventCodes as [ScreeningEvent, ...ScreeningEvent[]]), 13)
    .optional()
    .meta({ description: 'Events reported, each once (§4.1)' }),
});
export type ScreeningFiguresForm = z.infer<typeof ScreeningFiguresForm>;

/** A cadre's screening (干部排查): the home visit's figures, and whether the cadre reports it. */
export const ScreeningForm = form({
  screeningId: requestId('SCR-2026-0001', 'Chosen by the cadre; the same id again changes nothing'),
  villageCode,
  head: HouseholdHead,
  figures: ScreeningFiguresForm,
  decision: z.enum(['report', 'no-risk']).meta({
    description:
      'The cadre decides: report opens (or joins) the household case; the rules only suggest',
  }),
}).meta({ id: 'ScreeningForm', title: '干部排查 cadre screening' });
export type ScreeningForm = z.infer<typeof ScreeningForm>;

/** An objection to a public notice (公示异议), as the village or township records it: codes only. */
export const ObjectionForm = form({
  objectionId: requestId('OBJ-2026-001'),
  groundsCode: code.meta({ description: 'Grounds, as a code', examples: ['INCOME_UNDERSTATED'] }),
}).meta({ id: 'ObjectionForm', title: '公示异议 objection' });
export type ObjectionForm = z.infer<typeof ObjectionForm>;

/** The city bureau rolls back a risk-eliminated mark (风险消除回退): codes only. */
export const RollbackForm = form({
  rollbackId: requestId('RB-2026-001'),
  reasonCode: whyCode('INCOME_FELL_AGAIN'),
}).meta({ id: 'RollbackForm', title: '风险消除回退 elimination rollback' });
export type RollbackForm = z.infer<typeof RollbackForm>;

/**
 * Emergency assistance (急难社会救助, or 受灾人员救助 after a disaster) granted to a household in sudden
 * severe difficulty (突发严重困难户) on the day, while its identification goes on (plan §5 (三)).
 * Codes and an amount only.
 */
export const EmergencyReliefForm = form({
  reliefId: requestId('ER-2026-001'),
  kind: z.enum(ReliefKinds).meta({
    description: '`emergency-relief` 急难社会救助; `disaster-relief` 受灾人员救助',
  }),
  amount: yuan.meta({ description: 'Yuan granted to the household' }),
  grantedOn: calendarDate.meta({ description: 'The day it was granted (Asia/Shanghai)' }),
  reasonCode: code.meta({
    description: 'What struck the household, as a code',
    examples: ['SUDDEN_ILLNESS'],
  }),
}).meta({ id: 'EmergencyReliefForm', title: '急难社会救助 emergency relief' });
export type EmergencyReliefForm = z.infer<typeof EmergencyReliefForm>;

/**
 * The city bureau sends a sudden-hardship case to its determination without waiting for the
 * half-monthly cut-off (快速认定), where the case's policy allows it.
 */
export const FastTrackForm = form({
  reasonCode: whyCode('SUDDEN_HARDSHIP'),
}).meta({ id: 'FastTrackForm', title: '快速认定 fast track' });
export type FastTrackForm = z.infer<typeof FastTrackForm>;

/**
 * The village meeting's appraisal of an assistance plan (帮扶措施民主评议, plan §4.3): approved, its
 * measures are posted (公示) where `noticePlace` says; rejected, the city bureau reviews the plan.
 * Recorded through a village meeting, which sends one for each household it appraised.
 */
export const PlanAppraisalForm = form({
  planNo: z.int().min(1).max(10_000).meta({ description: 'The plan in force (its number)' }),
  outcome: z.enum(['approved', 'rejected']),
  heldOn: calendarDate.meta({ description: 'The day of the meeting' }),
  meetingId: code.meta({ description: 'The village meeting that appraised it' }),
  noticePlace: plainText(60).meta({ description: 'Where its measures are posted (公示栏)' }),
  reasonCode: code.optional().meta({ description: 'Required with rejected, and only then' }),
})
  .superRefine(reasonWith('rejected'))
  // No id: the meeting sends it to the case; no route of the API takes it.
  .meta({ title: '帮扶措施民主评议 plan appraisal' });
export type PlanAppraisalForm = z.infer<typeof PlanAppraisalForm>;

/**
 * A household moves to another village (迁移): the township within its township, the city bureau
 * anywhere in the county. Codes only; moving it to where it already is changes nothing.
 */
export const HouseholdMoveForm = form({
  villageCode,
  reasonCode: whyCode('RESETTLED'),
}).meta({ id: 'HouseholdMoveForm', title: '迁移 household move' });
export type HouseholdMoveForm = z.infer<typeof HouseholdMoveForm>;

/** At most this many records in one bureau batch. */
export const MaxBatchRecords = 100_000;

/** One record of a bureau batch, as JSON carries it (CSV columns map onto the same fields). */
export const BatchRecord = form('BatchRecord', {
  alertId: code.meta({ description: "The alert's id at the bureau: unique per bureau" }),
  villageCode,
  head: HouseholdHead,
  triggers: distinct(trigger, 7, 1),
  incomePerCapita: yuan.nullable().optional().meta({ description: 'When the bureau knows it' }),
  rigidExpenses: yuan.nullable().optional().meta({ description: 'When the bureau knows it' }),
});
export type BatchRecord = z.infer<typeof BatchRecord>;

/** A JSON batch: its records, each checked on its own (a bad one is refused with its line). */
export const BatchForm = form({
  records: z.array(z.unknown()).meta({
    description: `Up to ${MaxBatchRecords} records, each a BatchRecord: a record that does not fit is refused on its own line`,
    items: { $ref: '#/components/schemas/BatchRecord' },
  }),
}).meta({ id: 'BatchForm', title: '行业部门批量预警 bureau batch' });

/**
 * A year's arrangement (放假调休) as the State Council's notice gives it, entered by the city bureau
 * for a year the packaged calendar does not hold. Every date in the year of the route.
 */
export const CalendarYearForm = form({
  holidays: distinct(calendarDate, 60).meta({
    description: 'Days off that would be working days (YYYY-MM-DD), as the notice lists them',
  }),
  workdays: distinct(calendarDate, 30).meta({
    description: 'Make-up working days (调休上班) that would be days off (YYYY-MM-DD)',
  }),
  noticeRef: plainText(200).meta({
    description: "The notice's reference, e.g. 国办发明电〔2026〕7号",
    examples: ['国办发明电〔2026〕7号'],
  }),
})
  .superRefine((arrangement, ctx) => {
    if (arrangement.holidays.some((day) => arrangement.workdays.includes(day))) {
      refuse(ctx, 'workdays', 'must name no day that holidays name', 'not-allowed');
    }
  })
  .meta({ id: 'CalendarYearForm', title: '放假调休 a year of the official calendar' });
export type CalendarYearForm = z.infer<typeof CalendarYearForm>;
