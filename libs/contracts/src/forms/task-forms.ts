import { z } from './zod';

import {
  Assurances,
  calendarDate,
  code,
  distinct,
  form,
  labourCapacity,
  reasonCode,
  triggers,
  yuan,
  figuresYear,
  reasonWith,
  refuse,
} from './fields';
import { MaxHouseholdSize } from './ways-in';
import { MeasureFacts, factsProblem } from './measure-facts';
import {
  Departments,
  HouseholdClasses,
  MeasureKinds,
  RiskTypeCodes,
  Stabilities,
  type Department,
  type MeasureKind,
} from '../codes';

/**
 * The form of every human task of the procedure (plan §4.3–§5), each told apart by its `kind`. One
 * definition gives the TypeScript type, the check that the API and the workflow's Update validator
 * both run, and the OpenAPI schema. Rules between fields are checked once every field is well formed.
 */

type Ctx = z.core.$RefinementCtx;

/** Village verification (村级核实): the cadres' home visit, and the household's signed commitment. */
export const VillageVerificationForm = form({
  kind: z.literal('village-verification'),
  outcome: z.enum(['nominate', 'not-at-risk']).meta({
    description: '`nominate` proposes the household for monitoring; `not-at-risk` closes the case',
  }),
  incomePerCapita: yuan.meta({ description: 'Yuan per person per year, this year’s estimate' }),
  lastYearIncomePerCapita: yuan.meta({ description: 'Yuan per person last year' }),
  rigidExpenses: yuan.meta({
    description: 'Yuan per year for the household: illness, disability, disaster, education',
  }),
  assurances: Assurances,
  labourCapacity,
  triggers,
  commitmentSigned: z.boolean().meta({
    description: '承诺授权书 signed by the household: required to nominate',
  }),
  commitmentSignedOn: calendarDate.optional(),
  reasonCode: reasonCode
    .optional()
    .meta({ description: 'With not-at-risk: fed back to the origin' }),
})
  .superRefine((body, ctx) => {
    if (body.outcome === 'nominate') {
      if (!body.commitmentSigned) refuse(ctx, 'commitmentSigned', 'must be true to nominate');
      if (body.commitmentSignedOn === undefined) {
        refuse(ctx, 'commitmentSignedOn', 'is required to nominate', 'required');
      }
      if (body.triggers.length === 0) refuse(ctx, 'triggers', 'must name at least one to nominate');
    }
    if (body.commitmentSignedOn !== undefined && !body.commitmentSigned) {
      refuse(ctx, 'commitmentSignedOn', 'goes with commitmentSigned true', 'not-allowed');
    }
    reasonWith('not-at-risk')(body, ctx);
  })
  .meta({ id: 'VillageVerificationForm', title: '村级核实 village verification' });

const appraisal = <K extends string>(kind: K) =>
  form({
    kind: z.literal(kind),
    outcome: z.enum(['approved', 'rejected']),
    heldOn: calendarDate.meta({ description: 'The day of the meeting' }),
    reasonCode: reasonCode.optional(),
    meetingId: code.optional().meta({
      description: 'The village meeting that appraised a list of households (村民代表会议), if any',
    }),
  }).superRefine(reasonWith('rejected'));

/** Democratic appraisal (民主评议) by the village committee. */
export const DemocraticAppraisalForm = appraisal('democratic-appraisal').meta({
  id: 'DemocraticAppraisalForm',
  title: '民主评议 democratic appraisal',
});

/** The township's review of an objection: upheld sends the case back to village verification. */
export const ObjectionReviewForm = form({
  kind: z.literal('objection-review'),
  upheld: z.boolean(),
  reasonCode,
}).meta({ id: 'ObjectionReviewForm', title: '异议复核 objection review' });

/** Township re-verification (乡镇复核): home visit, risk types, entry in the township ledger. */
export const TownshipVerificationForm = form({
  kind: z.literal('township-verification'),
  outcome: z.enum(['confirm', 'reject']),
  visitedOn: calendarDate.meta({ description: 'The day of the home visit' }),
  riskTypes: distinct(z.enum(RiskTypeCodes), RiskTypeCodes.length),
  ledgerEntry: code.meta({ description: 'The entry number in the township ledger (台账)' }),
  reasonCode: reasonCode.optional(),
})
  .superRefine((body, ctx) => {
    if (body.outcome === 'confirm' && body.riskTypes.length === 0) {
      refuse(ctx, 'riskTypes', 'must name at least one to confirm');
    }
    reasonWith('reject')(body, ctx);
  })
  .meta({ id: 'TownshipVerificationForm', title: '乡镇复核 township re-verification' });

/** The city bureau's determination (市级认定): include and classify, or refuse with a reason. */
export const CityDeterminationForm = form({
  kind: z.literal('city-determination'),
  include: z.boolean().meta({ description: 'Include the household as a monitoring object' }),
  householdClass: z.enum(HouseholdClasses).optional().meta({
    description: 'Required when include is true',
  }),
  reasonCode: reasonCode.optional().meta({
    description: 'Required when include is false: fed back to the origin',
  }),
})
  .superRefine((body, ctx) => {
    if (body.include) {
      if (body.householdClass === undefined) {
        refuse(ctx, 'householdClass', 'is required to include', 'required');
      }
      if (body.reasonCode !== undefined) {
        refuse(ctx, 'reasonCode', 'goes with include false only', 'not-allowed');
      }
    } else {
      if (body.reasonCode === undefined) {
        refuse(ctx, 'reasonCode', 'is required to refuse', 'required');
      }
      if (body.householdClass !== undefined) {
        refuse(ctx, 'householdClass', 'goes with include true only', 'not-allowed');
      }
    }
  })
  .meta({ id: 'CityDeterminationForm', title: '市级认定 city determination' });

/**
 * The national system refused the entry for good: the city bureau enters the household by hand and
 * records the national entry id it was given.
 */
export const ManualNationalEntryForm = form({
  kind: z.literal('manual-national-entry'),
  entryId: code.meta({ description: 'The monitoring-object id the national system shows' }),
  enteredOn: calendarDate,
}).meta({ id: 'ManualNationalEntryForm', title: '手工录入 manual national entry' });

/**
 * Where the township keys its monitoring objects into the national system (the deployment's
 * `township` path): the township enters the household and records the national record number the
 * system gave it (监测对象编号).
 */
export const NationalEntryForm = form({
  kind: z.literal('national-entry'),
  entryId: code.meta({
    description: 'The national record number (监测对象编号) the national system gave the household',
  }),
  enteredOn: calendarDate.meta({ description: 'The day it was keyed in' }),
}).meta({ id: 'NationalEntryForm', title: '全国系统录入 national entry (township)' });

/**
 * A later change the township keys into the national system on the `township` path (or when the
 * system refused the adapter's update): the task's id names the change (`national-update-measures-2`,
 * `national-update-elimination-1`, `national-update-elimination-rollback-1`).
 */
export const NationalUpdateForm = form({
  kind: z.literal('national-update'),
  enteredOn: calendarDate.meta({ description: 'The day the change was keyed in' }),
}).meta({ id: 'NationalUpdateForm', title: '全国系统更新 national update (township)' });

/**
 * The departments the plan names to lead each kind of measure (plan §5, 牵头单位): a measure is led
 * by one of them, and the others of §5 take part as responsible units.
 */
export const LeadDepartmentsOfKind: Record<MeasureKind, readonly Department[]> = {
  industry: [
    'agriculture',
    'finance',
    'rural-revitalisation',
    'ethnic-religious-affairs',
    'rural-commercial-bank',
  ],
  employment: ['human-resources'],
  'safety-net': ['civil-affairs'],
  motivation: ['propaganda'],
  social: ['rural-revitalisation'],
};

/**
 * The townships as a responsible unit (各乡镇(街)): the household's own township takes part, and its
 * township officers report what it did.
 */
export const TownshipsUnit = 'townships';
/** A responsible unit (责任单位) of a measure: a department, or the household's township. */
export const ResponsibleUnits = [...Departments, TownshipsUnit] as const;
export type ResponsibleUnit = (typeof ResponsibleUnits)[number];

/**
 * The units the plan names responsible for each kind (plan §5, 责任单位). Industry lists only the
 * townships, but its other lead departments may take part; 扶志扶智 and 社会帮扶 name every
 * department (各部门(单位), 各行业部门(单位)).
 */
export const ResponsibleUnitsOfKind: Record<MeasureKind, readonly ResponsibleUnit[]> = {
  industry: [...LeadDepartmentsOfKind.industry, TownshipsUnit],
  employment: ['rural-revitalisation', 'ethnic-religious-affairs', TownshipsUnit],
  'safety-net': [
    'disabled-persons-federation',
    'agriculture',
    'health',
    'medical-insurance',
    'rural-revitalisation',
    'emergency-management',
    'natural-resources',
    'education',
    'housing',
    'water',
    'human-resources',
    'ethnic-religious-affairs',
    'statistics',
    TownshipsUnit,
  ],
  motivation: ResponsibleUnits,
  social: ResponsibleUnits,
};

/** At most this many measures in one plan. */
export const MaxMeasures = 20;

/** Refuses facts that do not fit the measure (see `factsProblem`), on the field below `facts`. */
function refuseFacts(
  ctx: Ctx,
  measure: { kind?: string; measureCode: string },
  facts: MeasureFacts | undefined,
  done: boolean,
): void {
  const wrong = factsProblem(measure, facts, done);
  if (wrong) {
    ctx.addIssue({
      code: 'custom',
      path: wrong.field.split('.'),
      message: wrong.message,
      params: { rule: wrong.rule },
    });
  }
}

/**
 * One measure of an assistance plan: a task for its lead department until it is done, and one for
 * each responsible unit to report its part.
 */
export const AssistanceMeasure = form({
  measureId: code.meta({ description: 'Chosen by the city bureau, unique in the case' }),
  kind: z.enum(MeasureKinds),
  measureCode: code.meta({
    description: 'What is done (MICRO_CREDIT, PUBLIC_WELFARE_JOB, MINIMUM_LIVING_ALLOWANCE…)',
  }),
  leadDepartment: z.enum(Departments).meta({
    description: 'The department that carries it out and reports its progress (牵头单位)',
  }),
  responsibleDepartments: distinct(z.enum(ResponsibleUnits), ResponsibleUnits.length).meta({
    description:
      'Units that take part (责任单位), each with a task to report its part: departments, and `townships` for the household’s township (各乡镇(街))',
  }),
  dueOn: calendarDate.meta({ description: 'To be done by the end of this day (Asia/Shanghai)' }),
  facts: MeasureFacts.optional().meta({
    description: 'What it gives the household as planned (amounts, post, status…): completed later',
  }),
})
  .superRefine((m, ctx) => {
    if (!LeadDepartmentsOfKind[m.kind].includes(m.leadDepartment)) {
      refuse(
        ctx,
        'leadDepartment',
        `does not lead ${m.kind} measures: ${LeadDepartmentsOfKind[m.kind].join(', ')} do`,
        'one-of',
      );
    }
    if ((m.responsibleDepartments as string[]).includes(m.leadDepartment)) {
      refuse(ctx, 'responsibleDepartments', 'must not name the lead department');
    }
    const outside = m.responsibleDepartments.filter(
      (u) => !ResponsibleUnitsOfKind[m.kind].includes(u),
    );
    if (outside.length > 0) {
      refuse(
        ctx,
        'responsibleDepartments',
        `names units the plan does not make responsible for ${m.kind} measures: ${outside.join(', ')}`,
        'one-of',
      );
    }
    refuseFacts(ctx, m, m.facts, false);
  })
  .meta({ id: 'AssistanceMeasure' });
export type AssistanceMeasure = z.infer<typeof AssistanceMeasure>;

/** A measure of the plan in force that a revision ends, with the reason. */
export const EndedMeasure = form('EndedMeasure', {
  measureId: code.meta({ description: 'An open measure of the case' }),
  reasonCode,
});

/**
 * The city bureau's assistance plan (帮扶计划), and the village's announcement (公告) of the decision.
 * A later plan of the same period (after a new alert, or a visit that finds the household at risk)
 * revises the one in force: its measures are added, and `endMeasures` ends open ones.
 */
export const AssistancePlanForm = form({
  kind: z.literal('assistance-plan'),
  measures: z.array(AssistanceMeasure).min(1).max(MaxMeasures),
  endMeasures: z.array(EndedMeasure).max(MaxMeasures).optional().meta({
    description: 'Open measures this revision ends (措施终止), each with a reason',
  }),
  announcedOn: calendarDate.meta({ description: 'The day of the village’s announcement (公告)' }),
})
  .superRefine((plan, ctx) => {
    const ids = new Set(plan.measures.map((m) => m.measureId));
    if (ids.size !== plan.measures.length) {
      refuse(ctx, 'measures', 'must give each measure its own measureId', 'distinct');
    }
    const ended = new Set((plan.endMeasures ?? []).map((m) => m.measureId));
    if (ended.size !== (plan.endMeasures ?? []).length) {
      refuse(ctx, 'endMeasures', 'must name each measure once', 'distinct');
    }
  })
  .meta({ id: 'AssistancePlanForm', title: '帮扶计划 assistance plan' });

/**
 * The lead department's report on a measure: `in-progress` reports progress and leaves the task
 * open; `done` (at 100 percent) completes it. `facts` completes or corrects the plan's: a done
 * report states those its measure code requires (checked against the measure by the case).
 */
export const AssistanceMeasureForm = form({
  kind: z.literal('assistance-measure'),
  status: z.enum(['in-progress', 'done']),
  percent: z.int().min(0).max(100).meta({
    description: '0–100, never below what was reported before',
  }),
  reportedOn: calendarDate,
  noteCode: code.optional().meta({ description: 'What was done (TRAINING_HELD, LOAN_GRANTED…)' }),
  facts: MeasureFacts.optional().meta({
    description:
      'What the measure gives the household now: required with done for MICRO_CREDIT, SKILLS_TRAINING, PUBLIC_WELFARE_JOB, MINIMUM_LIVING_ALLOWANCE, EXTREME_POVERTY_SUPPORT, POVERTY_INSURANCE, INDUSTRY_SUBSIDY',
  }),
})
  .superRefine((body, ctx) => {
    if (body.status === 'done' && body.percent !== 100) {
      refuse(ctx, 'percent', 'must be 100 for a done measure');
    }
    if (body.status === 'in-progress' && body.percent === 100) {
      refuse(ctx, 'status', 'must be done at 100 percent');
    }
  })
  .meta({ id: 'AssistanceMeasureForm', title: '帮扶措施进展 measure progress' });

/**
 * A responsible unit's report of its part in a measure (责任单位): what it did, which completes its
 * task. The measure itself stays the lead department's.
 */
export const MeasureContributionForm = form({
  kind: z.literal('measure-contribution'),
  contributionCode: code.meta({
    description: 'What the unit did (FUNDS_ALLOCATED, VENUE_PROVIDED, HOUSEHOLD_VISITED…)',
  }),
  reportedOn: calendarDate,
  noteCode: code.optional(),
}).meta({ id: 'MeasureContributionForm', title: '责任单位配合 responsible unit’s part' });

/** Whether a lead department's report fits its measure: the facts its code requires once done. */
export function measureReportProblem(
  measureCode: string,
  body: Pick<AssistanceMeasureFormT, 'status' | 'facts'>,
): { field: string; rule: string; message: string } | null {
  return factsProblem({ measureCode }, body.facts, body.status === 'done');
}
type AssistanceMeasureFormT = z.infer<typeof AssistanceMeasureForm>;

/** A follow-up visit (定期回访) by the village's cadres: the figures, and whether to propose elimination. */
export const FollowUpVisitForm = form({
  kind: z.literal('follow-up-visit'),
  visitedOn: calendarDate,
  householdSize: z.int().min(1).max(MaxHouseholdSize).meta({
    description:
      'Members of the household at the visit: income per person times them is its income',
  }),
  figuresYear: figuresYear.optional(),
  incomePerCapita: yuan.meta({ description: 'Yuan per person per year, current estimate' }),
  rigidExpenses: yuan.meta({ description: 'Yuan per year for the household' }),
  assurances: Assurances,
  labourCapacity,
  stability: z.enum(Stabilities),
  proposeElimination: z.boolean().meta({
    description:
      'Propose marking the risk eliminated (风险消除, plan §4.4): refused without labour capacity, when not stable, at or below the income line, with rigid expenses above the household’s income, or lacking any assurance',
  }),
}).meta({ id: 'FollowUpVisitForm', title: '定期回访 follow-up visit' });

/** The village committee's appraisal of an elimination proposal. */
export const EliminationAppraisalForm = appraisal('elimination-appraisal').meta({
  id: 'EliminationAppraisalForm',
  title: '风险消除民主评议 elimination appraisal',
});

/** The township's check of an elimination proposal. */
export const EliminationTownshipForm = form({
  kind: z.literal('elimination-township'),
  outcome: z.enum(['confirm', 'reject']),
  visitedOn: calendarDate,
  reasonCode: reasonCode.optional(),
})
  .superRefine(reasonWith('reject'))
  .meta({ id: 'EliminationTownshipForm', title: '风险消除乡镇审核 elimination township check' });

/** The city bureau's decision on an elimination proposal. */
export const EliminationCityForm = form({
  kind: z.literal('elimination-city'),
  outcome: z.enum(['eliminate', 'keep']),
  reasonCode: reasonCode.optional(),
})
  .superRefine(reasonWith('keep'))
  .meta({ id: 'EliminationCityForm', title: '风险消除市级确认 elimination city decision' });

/** Every task's form, told apart by `kind`: the body of `POST /v1/cases/{caseId}/tasks/{taskId}`. */
export const TaskForm = z
  .discriminatedUnion('kind', [
    VillageVerificationForm,
    DemocraticAppraisalForm,
    ObjectionReviewForm,
    TownshipVerificationForm,
    CityDeterminationForm,
    ManualNationalEntryForm,
    NationalEntryForm,
    NationalUpdateForm,
    AssistancePlanForm,
    AssistanceMeasureForm,
    MeasureContributionForm,
    FollowUpVisitForm,
    EliminationAppraisalForm,
    EliminationTownshipForm,
    EliminationCityForm,
  ])
  .meta({
    id: 'TaskForm',
    description: 'The form of the task being completed; `kind` must be the task’s kind',
  });
export type TaskForm = z.infer<typeof TaskForm>;
export type TaskKind = TaskForm['kind'];
/** The form of one kind of task. */
export type TaskFormOf<K extends TaskKind> = Extract<TaskForm, { kind: K }>;
