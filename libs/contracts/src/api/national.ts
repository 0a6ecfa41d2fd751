import { z } from '../forms/zod';

import { code, form, text, villageCode } from '../forms/fields';
import { count, divisionCode, instant, view } from './fields';
import { DifferenceKinds, HouseholdClasses, NationalMarks } from '../codes';

/**
 * Reconciliation with the national monitoring system (全国防返贫监测信息系统): the city bureau imports
 * the system's export and lists where it and this system differ, for the city to resolve each.
 */

/**
 * The columns of an export this system reads (CSV header or the first sheet's first row of an
 * `.xlsx`), each by its key or its Chinese name; other columns are ignored, every one of these is
 * required. Class and mark take the code or the Chinese name.
 */
export const NationalExportColumns = [
  { key: 'recordId', zh: '监测对象编号', means: 'the national record number' },
  { key: 'residentId', zh: '户主身份证号', means: "the head's resident ID (hashed on import)" },
  { key: 'townshipCode', zh: '乡镇代码', means: '9-digit township code' },
  { key: 'villageCode', zh: '村代码', means: '12-digit village code' },
  { key: 'householdClass', zh: '监测对象类型', means: 'the class' },
  { key: 'mark', zh: '风险消除标识', means: 'monitoring (未消除) or risk-eliminated (风险消除)' },
] as const;
export type NationalExportColumn = (typeof NationalExportColumns)[number]['key'];

/** The Chinese names of the classes and marks an export may carry instead of the codes. */
export const NationalExportValueNames: Record<string, string> = {
  脱贫不稳定户: 'unstable-out-of-poverty',
  边缘易致贫户: 'marginal',
  突发严重困难户: 'sudden-hardship',
  未消除: 'monitoring',
  风险未消除: 'monitoring',
  风险消除: 'risk-eliminated',
  已消除: 'risk-eliminated',
};

/** At most this many rows in one export. */
export const MaxExportRows = 100_000;

/** One row of the export, as JSON carries it (the CSV and sheet columns map onto the same fields). */
export const NationalExportRow = form('NationalExportRow', {
  recordId: code.meta({ description: 'The national record number (监测对象编号)' }),
  residentId: text(/^\d{17}[\dXx]$/, 'must be 18 characters: 17 digits and a check character').meta(
    { description: "The head's resident ID (personal data: only its keyed hash is kept)" },
  ),
  townshipCode: text(/^\d{9}$/, 'must be a 9-digit township code'),
  villageCode,
  householdClass: z.enum(HouseholdClasses),
  mark: z.enum(NationalMarks),
});
export type NationalExportRow = z.infer<typeof NationalExportRow>;

/** An export sent as JSON (an integration); a file is sent as text/csv or .xlsx instead. */
export const NationalExportForm = form({
  rows: z.array(NationalExportRow).min(1).max(MaxExportRows),
}).meta({ id: 'NationalExportForm', title: '全国系统导出 national system export' });
export type NationalExportForm = z.infer<typeof NationalExportForm>;

/** The city's resolution of a difference: a reason code (corrected there, corrected here, …). */
export const ResolutionForm = form({
  reasonCode: code.meta({
    description: 'How it was resolved, as a code',
    examples: ['CORRECTED_IN_NATIONAL_SYSTEM'],
  }),
}).meta({ id: 'ResolutionForm', title: '差异处理 difference resolution' });
export type ResolutionForm = z.infer<typeof ResolutionForm>;

export const DifferenceView = view('NationalDifference', {
  differenceNo: count.meta({ description: 'Its number in the reconciliation, from 1' }),
  kind: z.enum(DifferenceKinds).meta({
    description:
      '`missing-here`: in the export, no monitored case here; `missing-there`: entered here, not in the export; `record-differs`: the same household under another record number; `class-differs`, `mark-differs`',
  }),
  line: count.nullable().meta({ description: 'The row of the export (its header is line 1)' }),
  recordId: z.string().nullable().meta({ description: 'The national record number' }),
  householdKey: z.string(),
  caseId: z.string().nullable().meta({ description: 'The case here, if any' }),
  townshipCode: divisionCode,
  villageCode: divisionCode,
  here: z.string().nullable().meta({ description: 'What this system holds (a code)' }),
  there: z.string().nullable().meta({ description: 'What the export holds (a code)' }),
  resolution: view({
    reasonCode: z.string(),
    resolvedBy: z.string(),
    resolvedAt: instant,
  })
    .nullable()
    .meta({ description: 'Null until the city resolves it' }),
});
export type DifferenceView = z.infer<typeof DifferenceView>;

export const ReconciliationView = view('NationalReconciliation', {
  reconciliationId: z.string(),
  format: z.enum(['csv', 'xlsx', 'json']),
  townshipCode: divisionCode.nullable().meta({
    description: 'The township the export covers, when the import said so; else the whole county',
  }),
  rows: count,
  differenceCount: count,
  unresolved: count,
  importedBy: z.string(),
  importedAt: instant,
  differences: z.array(DifferenceView).meta({ description: 'In order of their number' }),
  next: count.nullable().meta({ description: 'Pass as `after` for the next page of differences' }),
});
export type ReconciliationView = z.infer<typeof ReconciliationView>;
