/**
 * CSV as Chinese office software opens it without asking: UTF-8 with a byte-order mark, CRLF line
 * ends, every field that holds a comma, quote or line break quoted (quotes doubled). A field that a
 * spreadsheet would read as a formula (=, +, -, @ first) is prefixed with an apostrophe, so a value
 * sent by a bureau never runs as one. A date left as one goes as ISO text: a table that wants
 * wall-clock text gives it as text (see `Column.csvValue`).
 */
import type { CellValue } from './xlsx';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function toCsv(header: readonly string[], rows: readonly (readonly CellValue[])[]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(field).join(','));
  return Buffer.concat([BOM, Buffer.from(lines.join('\r\n') + '\r\n')]);
}

function field(value: CellValue): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
