import {
  ScreeningEventCodes,
  ScreeningEvents,
  type AlertRef,
  type ScreeningEvent,
  type ScreeningFiguresForm,
} from '@fanpin/contracts';

export { ScreeningEventCodes, ScreeningEvents, type ScreeningEvent };

/** The screening triggers of plan §4.1 (走访排查初选对象), numbered as the plan numbers them. */
export const TriggerNumbers = [1, 2, 3, 4, 5, 6, 7] as const;
export type TriggerNumber = (typeof TriggerNumbers)[number];

/** Who reported: a sector bureau, or the channel of a declaration or a cadre's screening. */
export type ScreeningSource = AlertRef['source'];

/**
 * A household's figures as a home visit, a self-declaration or a bureau alert gives them (the form
 * `ScreeningFiguresForm`), with who reported them. Codes and numbers only.
 */
export type ScreeningFigures = ScreeningFiguresForm & { source: ScreeningSource };
