import { maskResidentId } from '@fanpin/domain';
import type { CellValue, Sheet, SheetColumn } from '@fanpin/platform';

import { cstTime, divisionName, periodDates } from './report-labels';
import type { People, StoredReport } from './report-files';

/**
 * One column of a report, written once for both files: its header and format in the sheet, the
 * CSV header it fills, and its value in a row.
 */
export interface Column<R> extends SheetColumn {
  /** The CSV header, when it differs from the sheet's (a CSV that merges several sheets). */
  csv?: string;
  value: (row: R) => CellValue;
}

interface ColumnOptions {
  width?: number;
  csv?: string;
}

type Value<R> = (row: R) => CellValue;

export const text = <R>(header: string, value: Value<R>, o: ColumnOptions = {}): Column<R> => ({
  header,
  width: o.width ?? 14,
  type: 'text',
  csv: o.csv,
  value,
});

export const num = <R>(header: string, value: Value<R>, o: ColumnOptions = {}): Column<R> => ({
  header,
  width: o.width ?? 12,
  type: 'number',
  csv: o.csv,
  value,
});

/** A date and time: a date cell in the sheet, its CST wall time in the CSV. */
export const datetime = <R>(header: string, iso: (row: R) => string | null, csv?: string) =>
  ({
    header,
    width: 18,
    type: 'datetime',
    csv,
    value: (row: R) => {
      const at = iso(row);
      return at ? new Date(at) : null;
    },
  }) satisfies Column<R>;

/** The village's code and name. */
export const villageColumns = <R extends { villageCode: string }>(): Column<R>[] => [
  text('村代码', (r) => r.villageCode),
  text('村名称', (r) => divisionName(r.villageCode)),
];

/** The household head's name and ID number, masked unless the reader sees them in full. */
export function personColumns<R extends { householdKey: string }>(people: People): Column<R>[] {
  const residentId = (r: R): string => {
    const person = people.of(r.householdKey);
    if (!person) return '';
    return people.fullResidentId ? person.residentId : maskResidentId(person.residentId);
  };
  return [
    text('户主姓名', (r) => people.of(r.householdKey)?.name ?? ''),
    text('身份证号', residentId, { width: 20 }),
  ];
}

/** The 0-based index of the column headed `header` (for charts). */
export function columnIndex<R>(columns: readonly Column<R>[], header: string): number {
  const index = columns.findIndex((c) => c.header === header);
  if (index < 0) throw new Error(`report: no column "${header}"`);
  return index;
}

/** A sheet of `rows`, one cell per column. */
export function sheetOf<R>(
  name: string,
  columns: readonly Column<R>[],
  rows: readonly R[],
  more: Omit<Sheet, 'name' | 'columns' | 'rows'> = {},
): Sheet {
  return {
    name,
    ...more,
    columns: columns.map(({ header, width, type }) => ({ header, width, type })),
    rows: rows.map((row) => columns.map((c) => c.value(row))),
  };
}

function csvValue<R>(column: Column<R>, row: R): CellValue {
  const value = column.value(row);
  if (column.type !== 'datetime') return value;
  return value instanceof Date ? cstTime(value.toISOString()) : '';
}

/** One section of a CSV: which columns fill which CSV headers, and the constants of the others. */
export interface CsvSection<R> {
  columns: readonly Column<R>[];
  rows: readonly R[];
  /** Values the sheet does not show, by CSV header (the kind of row, a fixed result). */
  fixed?: Record<string, CellValue>;
}

/** The section's rows under `header`: each column under its CSV header, '' under the rest. */
export function csvRows<R>(header: readonly string[], section: CsvSection<R>): CellValue[][] {
  const cells = new Map<string, (row: R) => CellValue>();
  for (const c of section.columns) cells.set(c.csv ?? c.header, (row) => csvValue(c, row));
  for (const [name, value] of Object.entries(section.fixed ?? {})) cells.set(name, () => value);
  for (const name of cells.keys()) {
    if (!header.includes(name)) throw new Error(`report: the CSV has no column "${name}"`);
  }
  return section.rows.map((row) =>
    header.map((name) => {
      const cell = cells.get(name);
      return cell ? cell(row) : '';
    }),
  );
}

/** A CSV of one table: the columns' headers and values, as the sheet shows them. */
export function csvOf<R>(columns: readonly Column<R>[], rows: readonly R[]) {
  const header = columns.map((c) => c.csv ?? c.header);
  return { header, rows: csvRows(header, { columns, rows }) };
}

/** The title rows above every sheet of a report. */
export function caption(report: StoredReport, title: string, scopeLine: string): string[] {
  const { from, to } = periodDates(report.periodStart, report.periodEnd);
  return [
    title,
    scopeLine,
    `报告期：${from} 至 ${to}（北京时间）`,
    `生成时间：${cstTime(report.producedAt)}　报告编号：${report.reportId}`,
  ];
}
