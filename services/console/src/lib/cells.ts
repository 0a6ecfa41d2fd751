import { formatDate, formatDateTime } from './dates';
import { label } from './i18n';

/**
 * How a table cell shows its column's `prop`, as el-table-column's `formatter`: a column of one
 * line is then one element. Missing values read as a dash, as elsewhere in the console.
 */
type Cell<Value> = (row: unknown, column: unknown, value: Value) => string;

/** A code in words. */
export const labelled =
  (labels: Record<string, string>): Cell<string | null | undefined> =>
  (_row, _column, code) =>
    label(labels, code);

/** An instant in Beijing time: 2026/11/30 14:05. */
export const instant: Cell<string | null | undefined> = (_row, _column, iso) => formatDateTime(iso);

/** A day in Beijing time: 2026/11/30. */
export const day: Cell<string | null | undefined> = (_row, _column, iso) => formatDate(iso);

/** The value as it is. */
export const orDash: Cell<string | null | undefined> = (_row, _column, value) => value ?? '—';
