import { z } from '../forms/zod';

import { count, instant, view } from './fields';
import { ReportKinds } from '../codes';

/** A report as the API lists it; its files are `/v1/reports/{reportId}/xlsx` and `/csv`. */
export const ReportView = view('Report', {
  reportId: z.string().meta({ format: 'uuid' }),
  kind: z.enum(ReportKinds),
  scope: z.string().meta({ description: 'A township code, a sector bureau, or the city code' }),
  periodStart: instant.meta({ description: 'The period runs after this instant…' }),
  periodEnd: instant.meta({ description: '…up to and including this one' }),
  producedAt: instant,
  rows: count,
});
export type ReportView = z.infer<typeof ReportView>;

export const ReportList = z.array(ReportView).meta({
  id: 'ReportList',
  description: 'Newest period first',
});
export type ReportList = z.infer<typeof ReportList>;

/** The media types of a report's files. */
export const ReportMediaTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;
