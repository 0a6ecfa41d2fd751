import {
  ScreeningEvents,
  type ScreeningEvent,
  type ScreeningFigures,
  type TriggerNumber,
} from './figures';
import type { ScreeningRuleCode } from './finding';
import { DefaultScreeningPolicy } from './policy';
import { screen, type ScreeningResult } from './screen';
import { aFenAround, fired, secureHousehold as base } from './screening.test-fixtures';

const run = (events: ScreeningEvent[], changes: Partial<ScreeningFigures> = {}) =>
  screen({ ...base, ...changes, events }, DefaultScreeningPolicy);

/** Whether `trigger` fired; one that did not stands among the events the figures do not show. */
function expectFires(result: ScreeningResult, trigger: TriggerNumber, fires: boolean): void {
  const rule = `TRIGGER_${trigger}` as const satisfies ScreeningRuleCode;
  expect(fired(result, rule) !== undefined).toBe(fires);
  expect(result.triggersReportedNotShown).toEqual(fires ? [] : [trigger]);
}

/**
 * One test each a fen below `yuan`, at it and a fen above, with `figure` there and `events`
 * reported: whether `trigger` fires (as `fires` says) or stands among those not shown.
 */
function itFiresAround(
  trigger: TriggerNumber,
  events: ScreeningEvent[],
  figure: 'rigidExpenses' | 'incomePerCapita',
  yuan: number,
  fires: Parameters<typeof aFenAround>[1],
): void {
  it.each(aFenAround(yuan, fires))(`${figure} %d → fires: %s`, (value, fires) => {
    expectFires(run(events, { [figure]: value }), trigger, fires);
  });
}

describe('the seven triggers of plan §4.1', () => {
  it('files each event under the trigger the plan names it in', () => {
    const byTrigger: Record<number, string[]> = {};
    for (const [event, trigger] of Object.entries(ScreeningEvents)) {
      (byTrigger[trigger] ??= []).push(event);
    }
    expect(byTrigger).toEqual({
      1: ['mainLabourerAccident', 'mainLabourerSuddenIllness'],
      2: ['seriousIllness', 'chronicIllness', 'educationExpenses'],
      3: ['severeDisability'],
      4: ['weakEconomicBase'],
      5: ['disabledOrDementedElderly'],
      6: ['naturalDisaster', 'accident', 'majorEpidemic', 'publicSecurityEvent'],
      7: ['otherRisk'],
    });
  });

  it('fires no trigger without a reported event', () => {
    const result = run([], { labourCapacity: 'none', rigidExpenses: 80000.01 });
    expect(result.suggestedTriggers).toEqual([]);
    expect(result.findings.map((f) => f.rule)).toEqual(['RIGID_EXPENSES_ABOVE_INCOME']);
  });

  describe("TRIGGER_1: a main labourer's accident or sudden illness, labour reduced", () => {
    it.each([
      ['partial', true],
      ['none', true],
      ['full', false],
    ] as const)('labour capacity %s → fires: %s', (labourCapacity, fires) => {
      const result = run(['mainLabourerSuddenIllness'], { labourCapacity });
      expectFires(result, 1, fires);
      expect(result.suggestedTriggers).toEqual(fires ? [1] : []);
    });

    it('shows the events and the labour capacity it compared', () => {
      const result = run(['mainLabourerSuddenIllness', 'mainLabourerAccident'], {
        labourCapacity: 'partial',
      });
      expect(result.findings).toEqual([
        {
          rule: 'TRIGGER_1',
          message:
            "a main labourer's accident or sudden serious illness is reported, and the household's labour is reduced",
          figures: [
            { figure: 'labourCapacity', value: 'partial', threshold: 'full', test: 'is-not' },
          ],
          events: ['mainLabourerAccident', 'mainLabourerSuddenIllness'],
          trigger: 1,
          nominates: true,
        },
      ]);
      expect(result.suggestion).toBe('nominate-for-verification');
    });
  });

  describe("TRIGGER_2: illness or education costs above last year's income", () => {
    // Last year's household income: 80,000 yuan.
    itFiresAround(2, ['chronicIllness'], 'rigidExpenses', 80000, [false, false, true]);

    it('shows the expenses it compared, beside the figure rule', () => {
      const result = run(['educationExpenses', 'seriousIllness'], { rigidExpenses: 90000 });
      expect(result.findings.map((f) => f.rule)).toEqual([
        'TRIGGER_2',
        'RIGID_EXPENSES_ABOVE_INCOME',
      ]);
      expect(fired(result, 'TRIGGER_2')).toMatchObject({
        figures: [{ figure: 'rigidExpenses', value: 90000, threshold: 80000, test: 'above' }],
        events: ['seriousIllness', 'educationExpenses'],
        trigger: 2,
      });
      expect(result.suggestedTriggers).toEqual([2]);
    });
  });

  describe('TRIGGER_4: a weak economic base, income falling year on year', () => {
    // Last year's income per person: 20,000 yuan.
    itFiresAround(4, ['weakEconomicBase'], 'incomePerCapita', 20000, [true, false, false]);

    it('shows this year’s income against last year’s', () => {
      const result = run(['weakEconomicBase'], { incomePerCapita: 19999.99 });
      expect(fired(result, 'TRIGGER_4')?.figures).toEqual([
        {
          figure: 'incomePerCapita',
          value: 19999.99,
          threshold: 20000,
          test: 'below',
          basis: 'lastYearIncomePerCapita',
        },
      ]);
    });
  });

  it.each([
    [3, 'severeDisability'],
    [5, 'disabledOrDementedElderly'],
    [6, 'naturalDisaster'],
    [6, 'accident'],
    [6, 'majorEpidemic'],
    [6, 'publicSecurityEvent'],
    [7, 'otherRisk'],
  ] as const)('TRIGGER_%d: the reported event %s is the trigger', (trigger, event) => {
    const result = run([event]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: `TRIGGER_${trigger}`,
        figures: [],
        events: [event],
        trigger,
        nominates: true,
      }),
    ]);
    expect(result.suggestedTriggers).toEqual([trigger]);
    expect(result.suggestion).toBe('nominate-for-verification');
  });

  it('lists several triggers in the plan’s order, whatever the order reported', () => {
    const result = run(['otherRisk', 'disabledOrDementedElderly', 'severeDisability']);
    expect(result.findings.map((f) => f.rule)).toEqual(['TRIGGER_3', 'TRIGGER_5', 'TRIGGER_7']);
    expect(result.suggestedTriggers).toEqual([3, 5, 7]);
  });

  it('keeps a trigger shown apart from one reported but not shown', () => {
    const result = run(['mainLabourerAccident', 'seriousIllness', 'naturalDisaster']);
    expect(result.suggestedTriggers).toEqual([6]);
    expect(result.triggersReportedNotShown).toEqual([1, 2]);
  });
});
