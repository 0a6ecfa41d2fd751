import type { ReportKind } from '@fanpin/contracts';
import type { OfficeTables } from '@fanpin/platform';

import { bureauExchange } from './bureau-exchange-files';
import { halfMonthly } from './half-monthly-files';
import { scaleRisk } from './scale-risk-files';

/** A stored report, as the files are rendered from it. */
export interface StoredReport {
  reportId: string;
  kind: ReportKind;
  scope: string;
  periodStart: string;
  periodEnd: string;
  producedAt: string;
  content: unknown;
}

/** A household head as the reader may see them: the name, and the ID number masked or not. */
export interface Person {
  name: string;
  residentId: string;
}

export interface People {
  of(householdKey: string): Person | undefined;
  /** Whether the reader sees ID numbers in full (a bureau's data comparison), or masked. */
  fullResidentId: boolean;
}

/** The same report as workbook sheets and as one CSV table, and the title its files are named by. */
export interface RenderedReport extends OfficeTables {
  title: string;
}

/**
 * A report's workbook and CSV. Each kind renders both from one column table per list (`Column` of
 * the office lib), so the sheet and the CSV cannot disagree on a header or a value.
 */
export function renderReport(report: StoredReport, people: People): RenderedReport {
  if (report.kind === 'half-monthly') return halfMonthly(report, people);
  if (report.kind === 'bureau-exchange') return bureauExchange(report, people);
  return scaleRisk(report);
}
