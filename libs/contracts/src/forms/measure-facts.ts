import { z } from './zod';

import { MaxYuan, calendarDate, code, form, yuan } from './fields';
import {
  SocialAssistanceStatuses,
  type MeasureFactType,
  type SocialAssistanceStatus,
} from '../codes';

/** A sum paid or lent: a fen at least. */
const positiveYuan = z
  .number()
  .min(0.01)
  .max(MaxYuan)
  .meta({ description: 'Yuan, from 0.01 to 10,000,000 (to the fen)' });

/** 小额信贷: the loan granted. */
export const MicroCreditFacts = form('MicroCreditFacts', {
  type: z.literal('micro-credit'),
  amount: positiveYuan.meta({ description: 'Yuan lent (扶贫小额信贷)' }),
  termMonths: z.int().min(1).max(60).optional().meta({ description: 'Term of the loan' }),
});

/** 技能培训: the course attended and the skill obtained (至少掌握一门技能). */
export const SkillsTrainingFacts = form('SkillsTrainingFacts', {
  type: z.literal('skills-training'),
  course: code.meta({ description: 'The course (WELDING_BASIC, GREENHOUSE_VEG…)' }),
  skill: code.optional().meta({ description: 'The skill obtained: required once done' }),
  completedOn: calendarDate.optional(),
});

/** 公益岗位: the post and its monthly pay. */
export const PublicWelfarePostFacts = form('PublicWelfarePostFacts', {
  type: z.literal('public-welfare-post'),
  post: code.meta({ description: 'The post (VILLAGE_CLEANING, ROAD_CARE, WATER_CARE, SECURITY…)' }),
  monthlyPay: positiveYuan.meta({ description: 'Yuan per month' }),
});

/** 综合保障: 低保 or 特困 granted, with its monthly amount. */
export const SocialAssistanceFacts = form('SocialAssistanceFacts', {
  type: z.literal('social-assistance'),
  status: z.enum(SocialAssistanceStatuses),
  monthlyAmount: yuan.meta({ description: 'Yuan per month granted to the household' }),
  grantedOn: calendarDate.optional(),
});

/** 防贫保险: the policy bought for the household. */
export const InsuranceFacts = form('InsuranceFacts', {
  type: z.literal('insurance'),
  policyKind: code.meta({ description: 'The kind of policy (ANTI_POVERTY, ACCIDENT, CROP…)' }),
  premium: positiveYuan.meta({ description: 'Yuan paid for the policy' }),
  insuredAmount: positiveYuan.meta({ description: 'Yuan insured' }),
});

/** 产业奖补: the industry subsidy paid. */
export const IndustrySubsidyFacts = form('IndustrySubsidyFacts', {
  type: z.literal('industry-subsidy'),
  amount: positiveYuan.meta({ description: 'Yuan paid' }),
});

export const MeasureFacts = z
  .discriminatedUnion('type', [
    MicroCreditFacts,
    SkillsTrainingFacts,
    PublicWelfarePostFacts,
    SocialAssistanceFacts,
    InsuranceFacts,
    IndustrySubsidyFacts,
  ])
  .meta({
    id: 'MeasureFacts',
    description: 'What the measure gives the household, by `type`: amounts in yuan, codes',
  });
export type MeasureFacts = z.infer<typeof MeasureFacts>;

/**
 * The facts each measure code requires (its `done` report must carry them), and for 低保 and 特困 the
 * status the facts must state. A code not listed carries facts only if the plan gives some.
 */
export const FactsOfMeasureCode: Readonly<
  Record<string, { type: MeasureFactType; status?: SocialAssistanceStatus }>
> = {
  MICRO_CREDIT: { type: 'micro-credit' },
  SKILLS_TRAINING: { type: 'skills-training' },
  PRODUCTION_SKILLS_TRAINING: { type: 'skills-training' },
  PUBLIC_WELFARE_JOB: { type: 'public-welfare-post' },
  MINIMUM_LIVING_ALLOWANCE: { type: 'social-assistance', status: 'minimum-living-allowance' },
  EXTREME_POVERTY_SUPPORT: { type: 'social-assistance', status: 'extreme-poverty-support' },
  POVERTY_INSURANCE: { type: 'insurance' },
  INDUSTRY_SUBSIDY: { type: 'industry-subsidy' },
};

/** The kinds of measure (plan §5) each type of fact belongs to. */
export const KindsOfFactType: Record<MeasureFactType, readonly string[]> = {
  'micro-credit': ['industry'],
  // 生产经营技能培训 (产业帮扶) and 就业技能培训 (就业帮扶).
  'skills-training': ['industry', 'employment'],
  'public-welfare-post': ['employment'],
  'social-assistance': ['safety-net'],
  // 为监测对象购买保险 (社会帮扶); a policy may also be part of social security.
  insurance: ['social', 'safety-net'],
  'industry-subsidy': ['industry'],
};

/**
 * The yuan a fact adds to the yearly sums: the loan, the post's monthly pay, the assistance's
 * monthly amount, the premium paid, the subsidy; a training none.
 */
export function yuanOfFacts(facts: MeasureFacts): number {
  switch (facts.type) {
    case 'micro-credit':
    case 'industry-subsidy':
      return facts.amount;
    case 'public-welfare-post':
      return facts.monthlyPay;
    case 'social-assistance':
      return facts.monthlyAmount;
    case 'insurance':
      return facts.premium;
    case 'skills-training':
      return 0;
  }
}

/**
 * What is wrong with `facts` for a measure of `kind` and `measureCode` (null when nothing), as a
 * field below `facts` and a rule; `done` asks also for what a finished measure must state.
 */
export function factsProblem(
  measure: { kind?: string; measureCode: string },
  facts: MeasureFacts | undefined,
  done: boolean,
): { field: string; rule: string; message: string } | null {
  const wanted = FactsOfMeasureCode[measure.measureCode];
  if (!facts) {
    return done && wanted
      ? {
          field: 'facts',
          rule: 'required',
          message: `facts is required: a done ${measure.measureCode} measure states its ${wanted.type} facts`,
        }
      : null;
  }
  if (wanted && facts.type !== wanted.type) {
    return {
      field: 'facts.type',
      rule: 'one-of',
      message: `facts.type must be ${wanted.type} for a ${measure.measureCode} measure`,
    };
  }
  if (measure.kind !== undefined && !KindsOfFactType[facts.type].includes(measure.kind)) {
    return {
      field: 'facts.type',
      rule: 'one-of',
      message: `facts.type ${facts.type} belongs to ${KindsOfFactType[facts.type].join(', ')} measures`,
    };
  }
  if (wanted?.status && facts.type === 'social-assistance' && facts.status !== wanted.status) {
    return {
      field: 'facts.status',
      rule: 'one-of',
      message: `facts.status must be ${wanted.status} for a ${measure.measureCode} measure`,
    };
  }
  if (done && facts.type === 'skills-training' && facts.skill === undefined) {
    return {
      field: 'facts.skill',
      rule: 'required',
      message: 'facts.skill is required: a done training states the skill obtained',
    };
  }
  return null;
}
