import { unzipSync, strFromU8 } from 'fflate';

/**
 * The first sheet of an `.xlsx` workbook as CSV text, in the browser: the API takes CSV, and a
 * bureau's clerk often keeps the list in Excel. Each sheet row becomes the CSV line of the same
 * number (empty rows stay empty lines, which the API skips), so that the rejection report's line
 * numbers are the sheet's row numbers. Values are taken as Excel stores them: a resident ID typed
 * as a number has lost its last digits already, and is refused by its check character.
 */
export function xlsxToCsv(data: ArrayBuffer): string {
  const files = unzipSync(new Uint8Array(data), {
    filter: (f) => f.name.startsWith('xl/'),
  });
  const xml = (name: string): Document | null => {
    const bytes = files[name];
    return bytes ? new DOMParser().parseFromString(strFromU8(bytes), 'application/xml') : null;
  };
  const sheet = xml(firstSheetPath(xml));
  if (!sheet) throw new Error('no worksheet');
  const shared = sharedStrings(xml('xl/sharedStrings.xml'));
  const lines: string[] = [];
  for (const row of Array.from(sheet.getElementsByTagName('row'))) {
    const number = Number(row.getAttribute('r')) || lines.length + 1;
    while (lines.length < number - 1) lines.push('');
    const fields: string[] = [];
    for (const cell of Array.from(row.getElementsByTagName('c'))) {
      const column = columnOf(cell.getAttribute('r')) ?? fields.length;
      while (fields.length < column) fields.push('');
      fields[column] = cellText(cell, shared);
    }
    lines[number - 1] = fields.map(quoted).join(',');
  }
  return lines.join('\r\n') + '\r\n';
}

/** The path of the workbook's first sheet, by its relationship; sheet1.xml if none is named. */
function firstSheetPath(xml: (name: string) => Document | null): string {
  const fallback = 'xl/worksheets/sheet1.xml';
  const first = xml('xl/workbook.xml')?.getElementsByTagName('sheet')[0];
  const id =
    first?.getAttribute('r:id') ??
    first?.getAttributeNS(
      'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
      'id',
    );
  if (!id) return fallback;
  const rels = xml('xl/_rels/workbook.xml.rels')?.getElementsByTagName('Relationship') ?? [];
  const target = Array.from(rels)
    .find((r) => r.getAttribute('Id') === id)
    ?.getAttribute('Target');
  if (!target) return fallback;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** The shared strings' texts; rich-text runs joined, phonetic hints (rPh) left out. */
function sharedStrings(doc: Document | null): string[] {
  if (!doc) return [];
  return Array.from(doc.getElementsByTagName('si')).map((si) =>
    Array.from(si.getElementsByTagName('t'))
      .filter((t) => t.parentElement?.localName !== 'rPh')
      .map((t) => t.textContent ?? '')
      .join(''),
  );
}

function cellText(cell: Element, shared: string[]): string {
  const type = cell.getAttribute('t');
  if (type === 'inlineStr') {
    return Array.from(cell.getElementsByTagName('t'))
      .map((t) => t.textContent ?? '')
      .join('');
  }
  const value = cell.getElementsByTagName('v')[0]?.textContent ?? '';
  if (type === 's') return shared[Number(value)] ?? '';
  if (type === 'b') return value === '1' ? 'TRUE' : 'FALSE';
  return value;
}

/** Column index from a cell reference such as `C7` (A is 0). */
function columnOf(reference: string | null): number | null {
  const letters = /^[A-Z]+/.exec(reference ?? '')?.[0];
  if (!letters) return null;
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}

/** RFC 4180 quoting where needed. */
export function quoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
