/**
 * A table written once for both files: each column says its sheet header, width and type, the CSV
 * header it fills and its value in a row, so that a workbook's sheet and the CSV of the same rows
 * cannot disagree on a header or a value.
 */
import type { CellValue, Sheet, SheetColumn } from './xlsx';

export interface Column<R> extends SheetColumn {
  /** The CSV header, when it differs from the sheet's (a CSV that merges several sheets). */
  csv?: string;
  value: (row: R) => CellValue;
  /** The value in the CSV, when it differs from the sheet's (a date as wall-clock text). */
  csvValue?: (row: R) => CellValue;
}

/** One CSV table: its header line and its rows. */
export interface CsvTable {
  header: string[];
  rows: CellValue[][];
}

/** The 0-based index of the column headed `header` (for charts). */
export function columnIndex<R>(columns: readonly Column<R>[], header: string): number {
  const index = columns.findIndex((c) => c.header === header);
  if (index < 0) throw new Error(`table: no column "${header}"`);
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
  for (const c of section.columns) cells.set(c.csv ?? c.header, c.csvValue ?? c.value);
  for (const [name, value] of Object.entries(section.fixed ?? {})) cells.set(name, () => value);
  for (const name of cells.keys()) {
    if (!header.includes(name)) throw new Error(`table: the CSV has no column "${name}"`);
  }
  return section.rows.map((row) =>
    header.map((name) => {
      const cell = cells.get(name);
      return cell ? cell(row) : '';
    }),
  );
}

/** A CSV of one table: the columns' headers and values, as the sheet shows them. */
export function csvOf<R>(columns: readonly Column<R>[], rows: readonly R[]): CsvTable {
  const header = columns.map((c) => c.csv ?? c.header);
  return { header, rows: csvRows(header, { columns, rows }) };
}
