import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';

import {
  ErrorCodes,
  MaxExportRows,
  NationalExportColumns,
  NationalExportValueNames,
  type NationalExportColumn,
} from '@fanpin/contracts';
import { decodeCsv, splitCsv } from '@fanpin/domain';

import { ApiError, checkLineCount } from '../errors/api-error';

/** The media types an export may come as. */
export const ExportMediaTypes = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
} as const;
export type ExportFormat = keyof typeof ExportMediaTypes;

/** A row of the export as read: its line (the header is line 1) and its cells by column key. */
export interface ExportLine {
  line: number;
  value: Record<NationalExportColumn, string>;
}

/** The most a workbook may inflate to: a small file that unpacks to gigabytes is refused unread. */
const MAX_WORKBOOK_BYTES = 256 * 1024 * 1024;

const unreadable = (message: string) =>
  new ApiError(ErrorCodes.nationalExportUnreadable, 400, message);

/** The format a content type names, or a 415. */
export function exportFormatOf(contentType: string): ExportFormat {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const format = (Object.keys(ExportMediaTypes) as ExportFormat[]).find(
    (f) => ExportMediaTypes[f] === type,
  );
  if (!format) {
    throw new ApiError(
      ErrorCodes.inputUnsupportedMediaType,
      415,
      'send the export as text/csv, as an .xlsx workbook, or as application/json',
    );
  }
  return format;
}

/** Which column each header cell is (by key or Chinese name), or a 400 naming what is missing. */
function columnsOf(header: readonly string[]): Map<NationalExportColumn, number> {
  const found = new Map<NationalExportColumn, number>();
  header.forEach((cell, index) => {
    const name = cell.trim();
    const column = NationalExportColumns.find((c) => c.key === name || c.zh === name);
    if (column && !found.has(column.key)) found.set(column.key, index);
  });
  const missing = NationalExportColumns.filter((c) => !found.has(c.key)).map((c) => c.key);
  if (missing.length > 0) throw unreadable(`the export lacks the column(s) ${missing.join(', ')}`);
  return found;
}

/** The export's rows as cells by column, class and mark names turned into their codes. */
function linesOf(table: { line: number; cells: string[] }[]): ExportLine[] {
  const [header, ...body] = table;
  if (!header) throw new ApiError(ErrorCodes.nationalExportEmpty, 400, 'the export is empty');
  const columns = columnsOf(header.cells);
  const rows = body.filter((r) => r.cells.some((c) => c.trim() !== ''));
  checkLineCount(
    rows.length,
    MaxExportRows,
    [ErrorCodes.nationalExportEmpty, 'the export has no rows'],
    [ErrorCodes.nationalExportTooLarge, `an export holds at most ${MaxExportRows} rows`],
  );
  return rows.map(({ line, cells }) => {
    const value = {} as Record<NationalExportColumn, string>;
    for (const [key, index] of columns) {
      const cell = (cells[index] ?? '').trim();
      value[key] = NationalExportValueNames[cell] ?? cell;
    }
    return { line, value };
  });
}

/** A CSV export (UTF-8 with or without a BOM, or GBK as office software writes it). */
export function readCsvExport(body: Buffer, contentType: string): ExportLine[] {
  const charset = /charset=([\w-]+)/i.exec(contentType)?.[1];
  const records = splitCsv(decodeCsv(body, charset));
  const broken = records.find((r) => 'problem' in r);
  if (broken) throw unreadable(`line ${broken.line} of the CSV cannot be read`);
  return linesOf(records.map((r) => ({ line: r.line, cells: 'fields' in r ? r.fields : [] })));
}

/** A cell's text as the sheet shows it: a number as written, a formula's result. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'result' in value) {
    const result = value.result;
    return typeof result === 'string' || typeof result === 'number' ? String(result) : '';
  }
  return cell.text;
}

/** An `.xlsx` export: its first sheet, the first row the header. */
export async function readXlsxExport(body: Buffer): Promise<ExportLine[]> {
  let inflated = 0;
  try {
    // Only the central directory is read here: nothing is inflated.
    unzipSync(body, {
      filter: (file) => {
        inflated += file.originalSize;
        return false;
      },
    });
  } catch {
    throw unreadable('the file is not an .xlsx workbook');
  }
  if (inflated > MAX_WORKBOOK_BYTES) throw unreadable('the workbook unpacks too large');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch {
    throw unreadable('the file is not an .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ApiError(ErrorCodes.nationalExportEmpty, 400, 'the workbook has no sheet');
  const table: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) {
      cells.push(cellText(row.getCell(column)));
    }
    table.push({ line, cells });
  });
  return linesOf(table);
}
