import { incomeFalling, labourReduced, rigidExpensesAbove, type Measured } from './compare';
import {
  ScreeningEventCodes,
  ScreeningEvents,
  TriggerNumbers,
  type ScreeningEvent,
  type TriggerNumber,
} from './figures';
import type { ComparedFigure, ScreeningFinding } from './finding';
import type { ScreeningPolicy } from './policy';

const listOf = <T>(item: T | null): T[] | null => (item === null ? null : [item]);

/**
 * What the figures must also show for a reported event to be the trigger, as the plan words it:
 * labour sharply reduced (1), rigid expenses above last year's income (2), income falling (4).
 * The others are the event itself (3, 5, 6, 7). Null: the figures do not show it.
 */
const conditions: Record<
  TriggerNumber,
  (m: Measured, p: ScreeningPolicy) => ComparedFigure[] | null
> = {
  1: (m) => listOf(labourReduced(m)),
  2: (m, p) => listOf(rigidExpensesAbove(m, p)),
  3: () => [],
  4: (m) => listOf(incomeFalling(m)),
  5: () => [],
  6: () => [],
  7: () => [],
};

const messages: Record<TriggerNumber, string> = {
  1: "a main labourer's accident or sudden serious illness is reported, and the household's labour is reduced",
  2: "serious or chronic illness or education expenses are reported, and rigid expenses exceed last year's household income",
  3: 'a member with a severe disability is reported',
  4: 'a weak economic base is reported, and income per person is falling year on year',
  5: 'a disabled or demented elderly member is reported',
  6: 'a natural disaster, accident, major epidemic or public-security event is reported',
  7: 'another cause of a risk of (re)falling into poverty is reported',
};

/** The reported events under `trigger`, in the fixed order of ScreeningEvents. */
function reportedUnder(m: Measured, trigger: TriggerNumber): ScreeningEvent[] {
  const events = m.figures.events ?? [];
  return ScreeningEventCodes.filter((e) => ScreeningEvents[e] === trigger && events.includes(e));
}

export interface TriggerOutcome {
  findings: ScreeningFinding[];
  /** Triggers whose event was reported but whose condition the figures do not show. */
  notShown: TriggerNumber[];
}

/** The seven triggers of plan §4.1, in order. */
export function triggerFindings(m: Measured, policy: ScreeningPolicy): TriggerOutcome {
  const outcome: TriggerOutcome = { findings: [], notShown: [] };
  for (const trigger of TriggerNumbers) {
    const events = reportedUnder(m, trigger);
    if (events.length === 0) continue;
    const figures = conditions[trigger](m, policy);
    if (figures === null) {
      outcome.notShown.push(trigger);
    } else {
      const rule = `TRIGGER_${trigger}` as const;
      outcome.findings.push({
        rule,
        message: messages[trigger],
        figures,
        events,
        trigger,
        nominates: true,
      });
    }
  }
  return outcome;
}
