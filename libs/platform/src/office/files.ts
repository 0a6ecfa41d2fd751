/**
 * The office files the services hand out, in one place: each format's media type, and the file of
 * a set of tables, as an Excel workbook of its sheets or as its one CSV table.
 */
import { toCsv } from './csv';
import type { CsvTable } from './table';
import { writeXlsx, type Sheet } from './xlsx';

export type OfficeFormat = 'xlsx' | 'csv';

export const OfficeMediaTypes: Record<OfficeFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** The same tables as workbook sheets and as one CSV table. */
export interface OfficeTables {
  sheets: Sheet[];
  csv: CsvTable;
}

/** Who made the file and when (the workbook's document properties and ZIP timestamps). */
export interface OfficeStamp {
  creator?: string;
  created?: Date;
}

/** The bytes of `tables` in `format`. */
export function writeOfficeFile(
  format: OfficeFormat,
  tables: OfficeTables,
  stamp: OfficeStamp = {},
): Buffer {
  if (format === 'csv') return toCsv(tables.csv.header, tables.csv.rows);
  return writeXlsx({ sheets: tables.sheets, ...stamp });
}
