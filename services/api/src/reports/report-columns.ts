/**
 * The columns the reports share, on the office lib's column table (one column, both files): the
 * reports' widths, and their dates as China Standard Time text in the CSV.
 */
import { maskResidentId } from '@fanpin/domain';
import type { CellValue, Column } from '@fanpin/platform';

import { cstTime, divisionName, periodDates } from './report-labels';
import type { People, StoredReport } from './report-files';

interface ColumnOptions {
  width?: number;
  csv?: string;
}

type Value<R> = (row: R) => CellValue;

/** A column of one type, and the width it has unless a report says otherwise. */
const column =
  (type: 'text' | 'number', width: number) =>
  <R>(header: string, value: Value<R>, o: ColumnOptions = {}): Column<R> => ({
    header,
    width: o.width ?? width,
    type,
    csv: o.csv,
    value,
  });

export const text = column('text', 14);
export const num = column('number', 12);

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
    csvValue: (row: R) => {
      const at = iso(row);
      return at ? cstTime(at) : '';
    },
  }) satisfies Column<R>;

/**
 * The household a row is about: its village's code and name, and its head's name and ID number,
 * masked unless the reader sees them in full.
 */
export function householdColumns<R extends { villageCode: string; householdKey: string }>(
  people: People,
): Column<R>[] {
  const residentId = (r: R): string => {
    const person = people.of(r.householdKey);
    if (!person) return '';
    return people.fullResidentId ? person.residentId : maskResidentId(person.residentId);
  };
  return [
    text('村代码', (r) => r.villageCode),
    text('村名称', (r) => divisionName(r.villageCode)),
    text('户主姓名', (r) => people.of(r.householdKey)?.name ?? ''),
    text('身份证号', residentId, { width: 20 }),
  ];
}

/** Their headers, where a CSV lays several lists one under the other. */
export const householdHeaders: readonly string[] = householdColumns({
  of: () => undefined,
  fullResidentId: false,
}).map((c) => c.header);

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
