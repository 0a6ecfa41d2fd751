import { z } from '../forms/zod';

import { count, instant, view } from './fields';
import { BatchStatuses, SectorBureaus } from '../codes';

/** A batch's state and counts, as `GET /v1/alert-batches/{batchId}` shows them. */
export const AlertBatchView = view('AlertBatch', {
  batchId: z.string(),
  bureau: z.enum(SectorBureaus),
  status: z.enum(BatchStatuses),
  total: count.meta({ description: 'Records in the batch' }),
  rejected: count.meta({
    description: 'Records refused, each with a line in the rejection report',
  }),
  duplicates: count.meta({
    description: 'Alerts received before (same bureau and alert id, same content): nothing changed',
  }),
  newCases: count,
  attached: count,
  dispatched: count.meta({ description: 'Households handed to their case so far (progress)' }),
  toDispatch: count.meta({
    description:
      'Records to hand over: with triage, only those the city bureau confirms are handed over (see each alert’s outcome)',
  }),
  triage: z.boolean().meta({
    description:
      'Its alerts wait for the city bureau’s triage (ALERT_TRIAGE=city when it was stored): a status `done` then means processed and waiting, not handed over',
  }),
  receivedAt: instant,
  finishedAt: instant.nullable(),
});
export type AlertBatchView = z.infer<typeof AlertBatchView>;

/** One line of a batch's rejection report: where, which field, why. Never the value itself. */
export const BatchRejection = view('BatchRejection', {
  line: z.int().min(1).meta({
    description:
      "The record's line in the CSV file (the header is line 1), or its position from 1 in JSON",
  }),
  alertId: z.string().nullable(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type BatchRejection = z.infer<typeof BatchRejection>;

export const BatchRejections = view({ rejections: z.array(BatchRejection) }).meta({
  id: 'BatchRejections',
});
export type BatchRejections = z.infer<typeof BatchRejections>;
