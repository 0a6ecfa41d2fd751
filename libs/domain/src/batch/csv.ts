/**
 * CSV as Chinese office software exports it (WPS, Excel): UTF-8 with a byte-order mark, or GBK
 * (GB18030) without one; CRLF or LF; RFC 4180 quoting. A line that is too long, or a quote never
 * closed, is refused on its own and reading goes on at the next line: one bad line never costs
 * the rest of the file.
 */

/** The longest record accepted, in characters: longer ones are refused as a line. */
export const MaxCsvLineChars = 4096;

export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le';

/** Which encoding the bytes are in: a BOM decides; else an explicit charset; else UTF-8 if valid. */
export function detectEncoding(bytes: Uint8Array, charset?: string): CsvEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const named = charset?.trim().toLowerCase();
  if (named === 'gbk' || named === 'gb2312' || named === 'gb18030') return 'gb18030';
  if (named === 'utf-8' || named === 'utf8') return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    // Not UTF-8: office software in China writes GBK, of which GB18030 is the superset.
    return 'gb18030';
  }
}

/** The text of a CSV file, its byte-order mark removed. */
export function decodeCsv(bytes: Uint8Array, charset?: string): string {
  const encoding = detectEncoding(bytes, charset);
  const text = new TextDecoder(encoding).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type CsvRow =
  | { line: number; fields: string[] }
  | { line: number; problem: 'LINE_TOO_LONG' | 'UNCLOSED_QUOTE' };

/**
 * Splits CSV text into records, each with the line number it starts on (1-based). Empty lines are
 * skipped. Linear in the text's length.
 */
export function splitCsv(text: string, maxChars = MaxCsvLineChars): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let problem: 'LINE_TOO_LONG' | 'UNCLOSED_QUOTE' | null = null;
    for (;;) {
      if (i - start > maxChars) {
        problem = quoted ? 'UNCLOSED_QUOTE' : 'LINE_TOO_LONG';
        break;
      }
      if (i >= n) {
        if (quoted) problem = 'UNCLOSED_QUOTE';
        fields.push(field);
        break;
      }
      const c = text[i] as string;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"' && field === '') {
        quoted = true;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\r' || c === '\n') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        i++;
      }
    }
    if (problem) {
      rows.push({ line: startLine, problem });
      // Go on at the line after the one the bad record started on.
      const next = text.indexOf('\n', start);
      i = next === -1 ? n : next + 1;
      line = startLine + 1;
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    rows.push({ line: startLine, fields });
  }
  return rows;
}
