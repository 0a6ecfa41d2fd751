/**
 * How cell values become SpreadsheetML cells: references (A1, AA7), Excel serial dates in China
 * Standard Time, and the style each kind of value is written with.
 */
import type { CellValue, SheetColumn } from './xlsx';

/** Indexes into `cellXfs` of the stylesheet that `stylesXml` writes. */
export const CellStyle = {
  normal: 0,
  header: 1,
  date: 2,
  datetime: 3,
  captionTitle: 4,
  text: 5,
} as const;
export type CellStyle = (typeof CellStyle)[keyof typeof CellStyle];

/** A value as it is written: a (shared) string, a number with its style, or a boolean. */
export type ResolvedCell =
  | { kind: 'string'; text: string; style: CellStyle }
  | { kind: 'number'; value: number; style: CellStyle }
  | { kind: 'boolean'; value: boolean };

export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;
/** Excel refuses longer cell text. */
export const MAX_CELL_TEXT = 32_767;

const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai: UTC+8 all year, no daylight saving time since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
/** 1970-01-01 in the 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/** 1900-03-01: serials below it count Excel's phantom 29 February 1900. */
const FIRST_TRUE_SERIAL = 61;

/** The column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA, 16383 → XFD. */
export function columnName(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COLUMNS) {
    throw new Error(`xlsx: column index ${index} is out of range 0–${MAX_COLUMNS - 1}`);
  }
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** `$B$7` for 0-based column 1 and 1-based row 7. */
export function absoluteRef(column: number, row: number): string {
  return `$${columnName(column)}$${row}`;
}

/**
 * The Excel serial number (1900 date system) of `date` read as Asia/Shanghai wall-clock time;
 * undefined for an invalid date or one before 1900-01-01, which Excel cannot represent.
 */
export function excelSerial(date: Date): number | undefined {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return undefined;
  const serial = (ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY + UNIX_EPOCH_SERIAL;
  const excel = serial < FIRST_TRUE_SERIAL ? serial - 1 : serial;
  return excel < 1 ? undefined : excel;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `yyyy-mm-dd` or `yyyy-mm-dd hh:mm` in Asia/Shanghai wall-clock time. */
export function shanghaiText(date: Date, withTime: boolean): string {
  const wall = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  const day = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  return withTime ? `${day} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}` : day;
}

/** Whether `date` is midnight in Asia/Shanghai. */
function isShanghaiMidnight(date: Date): boolean {
  return (date.getTime() + SHANGHAI_OFFSET_MS) % MS_PER_DAY === 0;
}

/** A number as Excel's General format shows it: at most 15 significant digits. */
export function numberText(value: number): string {
  return String(Number(value.toPrecision(15)));
}

function textOf(value: Exclude<CellValue, null | undefined>): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : undefined;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return Number.isFinite(value.getTime()) ? shanghaiText(value, true) : undefined;
}

function resolveDate(date: Date, type: SheetColumn['type']): ResolvedCell | undefined {
  const serial = excelSerial(date);
  if (serial === undefined) {
    // Invalid (omitted), or before 1900 (kept as text so nothing is lost).
    return Number.isFinite(date.getTime())
      ? { kind: 'string', text: shanghaiText(date, type !== 'date'), style: CellStyle.normal }
      : undefined;
  }
  const dateOnly = type === 'date' || (type !== 'datetime' && isShanghaiMidnight(date));
  return dateOnly
    ? { kind: 'number', value: Math.floor(serial), style: CellStyle.date }
    : { kind: 'number', value: serial, style: CellStyle.datetime };
}

/**
 * How `value` is written in a column of `type`; undefined for an empty cell (null, undefined,
 * NaN, ±Infinity, an invalid Date).
 */
export function resolveCell(value: CellValue, type: SheetColumn['type']): ResolvedCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (type === 'text') {
    const text = textOf(value);
    return text === undefined ? undefined : { kind: 'string', text, style: CellStyle.text };
  }
  if (typeof value === 'string') return { kind: 'string', text: value, style: CellStyle.normal };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { kind: 'number', value, style: CellStyle.normal } : undefined;
  }
  return resolveDate(value, type);
}

/** The text a viewer shows for a cell (as cached in chart category labels). */
export function displayText(cell: ResolvedCell): string {
  switch (cell.kind) {
    case 'string':
      return cell.text;
    case 'boolean':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'number':
      return cell.style === CellStyle.date || cell.style === CellStyle.datetime
        ? serialText(cell.value, cell.style === CellStyle.datetime)
        : numberText(cell.value);
  }
}

/** An Excel serial number back as `yyyy-mm-dd[ hh:mm]`. */
function serialText(serial: number, withTime: boolean): string {
  const days = serial < FIRST_TRUE_SERIAL ? serial + 1 : serial;
  const ms = Math.round((days - UNIX_EPOCH_SERIAL) * MS_PER_DAY) - SHANGHAI_OFFSET_MS;
  return shanghaiText(new Date(ms), withTime);
}
