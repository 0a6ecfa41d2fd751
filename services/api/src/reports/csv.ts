/**
 * CSV as Chinese office software opens it without asking: UTF-8 with a byte-order mark, CRLF line
 * ends, every field that holds a comma, quote or line break quoted (quotes doubled). A field that a
 * spreadsheet would read as a formula (=, +, -, @ first) is prefixed with an apostrophe, so a value
 * sent by a bureau never runs as one.
 */
/** What a CSV field holds. */
export type CsvValue = string | number | boolean | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(field).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n')]);
}

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
