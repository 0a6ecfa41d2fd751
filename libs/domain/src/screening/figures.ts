import type { AlertRef, Assurances, LabourCapacity } from '@fanpin/contracts';

/** The screening triggers of plan §4.1 (走访排查初选对象), numbered as the plan numbers them. */
export const TriggerNumbers = [1, 2, 3, 4, 5, 6, 7] as const;
export type TriggerNumber = (typeof TriggerNumbers)[number];

/**
 * Events a screening or an alert can report, each under the §4.1 trigger whose words name it:
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
} as const satisfies Record<string, TriggerNumber>;
export type ScreeningEvent = keyof typeof ScreeningEvents;
export const ScreeningEventCodes = Object.keys(ScreeningEvents) as ScreeningEvent[];

/** Who reported: a sector bureau, or the channel of a declaration or a cadre's screening. */
export type ScreeningSource = AlertRef['source'];

/**
 * A household's figures as a home visit, a self-declaration or a bureau alert gives them. Codes and
 * numbers only: no name, ID number or phone. Yuan are taken to the fen (two decimals).
 */
export interface ScreeningFigures {
  /** Members of the household (以家庭为单位). */
  householdSize: number;
  /** Yuan per person, this year's estimate. */
  incomePerCapita: number;
  /** Yuan per person, last year. */
  lastYearIncomePerCapita: number;
  /** Yuan per year for the household: medical, education, disaster, accident. */
  rigidExpenses: number;
  /** 两不愁三保障 and safe drinking water: true = secure. */
  assurances: Assurances;
  labourCapacity: LabourCapacity;
  /** 脱贫户: registered poor (建档立卡) and lifted out of poverty; only it can be 脱贫不稳定户. */
  liftedOutOfPoverty: boolean;
  /** Events reported, each once (§4.1). */
  events?: ScreeningEvent[];
  source: ScreeningSource;
}
