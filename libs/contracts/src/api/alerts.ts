import { z } from '../forms/zod';

import { instant, newestFirst, view } from './fields';
import { AlertOutcomes, TriageDismissReasons } from '../codes';

/** What the API did with an alert, a declaration or a screening it received. */
export const AlertReceipt = view('AlertReceipt', {
  alertId: z.string(),
  caseId: z.string().meta({ description: 'The case the alert belongs to' }),
  status: z.enum(['dispatched', 'queued', 'triage', 'duplicate']).meta({
    description:
      'dispatched: handed to the case; queued: stored, handed over shortly; triage: stored, waits for the city bureau to confirm it (ALERT_TRIAGE=city); duplicate: received before, nothing changed',
  }),
});
export type AlertReceipt = z.infer<typeof AlertReceipt>;

/** What became of an alert: the feedback a bureau gets (plan §4.2.3). */
export const AlertOutcome = view('AlertOutcome', {
  alertId: z.string(),
  villageCode: z.string(),
  triggers: z.array(z.int()),
  receivedAt: instant,
  caseId: z.string().nullable(),
  outcome: z.enum(AlertOutcomes).meta({
    description:
      'awaiting-triage: waits for the city bureau to confirm it; dismissed: the city bureau dismissed it (see dismissReason); confirmed: confirmed by the city bureau, not yet handed to a case; received: not yet handed to a case; case-opening: handed over; open: under verification; included / excluded: decided; risk-eliminated: monitored, and the risk since eliminated',
  }),
  dismissReason: z.enum(TriageDismissReasons).nullable().meta({
    description:
      'Why the city bureau dismissed it (the same for every bureau whose alert it merged)',
  }),
});
export type AlertOutcome = z.infer<typeof AlertOutcome>;

export const AlertList = newestFirst('alerts', AlertOutcome).meta({ id: 'AlertList' });
export type AlertList = z.infer<typeof AlertList>;
