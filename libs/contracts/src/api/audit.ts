import { z } from '../forms/zod';

import { instant, newestFirst, view } from './fields';
import { AuditOutcomes } from '../codes';

/** One entry of the append-only audit log: codes and account ids, never personal data. */
export const AuditEntryView = view('AuditEntry', {
  id: z.int().min(1),
  at: instant,
  kind: z.string().meta({ examples: ['case.decision', 'household.resident-id.read'] }),
  outcome: z.enum(AuditOutcomes),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  method: z.string().nullable(),
  route: z.string().nullable().meta({ description: 'The route pattern, never the URL' }),
  target: z.string().nullable().meta({ description: 'The case, household, alert or account' }),
  reason: z.string().nullable().meta({ description: 'A stable reason code' }),
  correlationId: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = newestFirst('entries', AuditEntryView).meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPage>;
