import {
  BatchRecord,
  ErrorCodes,
  MaxBatchRecords,
  checkForm,
  isCode,
  isValidPhone,
  isValidResidentId,
  normalizePhone,
  type BatchRejection,
} from '@fanpin/contracts';

import { findDivision } from '../divisions/divisions';
import type { CsvRow } from './csv';

/** A record that passed every check, ready to be keyed, sealed and stored. */
export interface CheckedRecord {
  line: number;
  alertId: string;
  villageCode: string;
  name: string;
  /** Upper-case check character. */
  residentId: string;
  /** Normalised, or null when none was given. */
  phone: string | null;
  triggers: number[];
  incomePerCapita: number | null;
  rigidExpenses: number | null;
}

export type RecordCheck = { ok: CheckedRecord } | { rejection: BatchRejection };

/** The error code of a record's field that has a code of its own. */
const codeOfField: Record<string, string> = {
  'head.residentId': ErrorCodes.residentIdInvalid,
  'head.phone': ErrorCodes.phoneInvalid,
};

/**
 * Checks one record of a bureau batch against `BatchRecord`, then what the form cannot know: the
 * village among the county's, the resident ID's check character, the phone's number plan. The
 * rejection names the first field that fails and the rule, never the value (it may be a name or an
 * ID number).
 */
export function checkBatchRecord(line: number, value: unknown): RecordCheck {
  const alertId = isRecordWithCode(value) ? value.alertId : null;
  const refuse = (field: string, code: string, message: string) => ({
    rejection: { line, alertId, field, code, message },
  });
  const form = checkForm(BatchRecord, value);
  if (!form.ok) {
    const [first] = form.problems;
    const field = first?.field || 'record';
    return refuse(field, codeOfField[field] ?? ErrorCodes.inputInvalid, first?.message ?? '');
  }
  const r = form.value;
  if (findDivision(r.villageCode)?.level !== 'village') {
    return refuse(
      'villageCode',
      ErrorCodes.divisionUnknown,
      'villageCode is not a village of 临江市',
    );
  }
  const residentId = r.head.residentId.toUpperCase();
  if (!isValidResidentId(residentId)) {
    return refuse(
      'head.residentId',
      ErrorCodes.residentIdInvalid,
      'head.residentId fails the GB 11643-1999 check',
    );
  }
  const phone = r.head.phone === undefined || r.head.phone === '' ? null : r.head.phone;
  if (phone !== null && !isValidPhone(phone)) {
    return refuse(
      'head.phone',
      ErrorCodes.phoneInvalid,
      'head.phone is not a mainland phone number',
    );
  }
  return {
    ok: {
      line,
      alertId: r.alertId,
      villageCode: r.villageCode,
      name: r.head.name,
      residentId,
      phone: phone === null ? null : normalizePhone(phone),
      triggers: [...r.triggers].sort((a, b) => a - b),
      incomePerCapita: r.incomePerCapita ?? null,
      rigidExpenses: r.rigidExpenses ?? null,
    },
  };
}

const isRecordWithCode = (value: unknown): value is { alertId: string } =>
  typeof value === 'object' && value !== null && isCode((value as { alertId?: unknown }).alertId);

/** CSV column names, English or as Chinese office templates head them. */
const Columns: Record<string, readonly string[]> = {
  alertId: ['alertid', 'alert_id', '预警编号', '预警id'],
  villageCode: ['villagecode', 'village_code', '村代码', '行政区划代码', '村级区划代码'],
  name: ['name', 'head_name', 'headname', '户主姓名', '姓名'],
  residentId: ['residentid', 'resident_id', '身份证号', '身份证号码', '户主身份证号'],
  phone: ['phone', 'head_phone', '联系电话', '电话'],
  triggers: ['triggers', '触发情形', '预警情形'],
  incomePerCapita: ['incomepercapita', 'income_per_capita', '人均纯收入', '人均收入'],
  rigidExpenses: ['rigidexpenses', 'rigid_expenses', '刚性支出'],
};
const Required = ['alertId', 'villageCode', 'name', 'residentId', 'triggers'];

/** Which column holds each field; null and the missing fields when the header lacks some. */
export function csvColumns(
  header: string[],
): { columns: Record<string, number> } | { missing: string[] } {
  const columns: Record<string, number> = {};
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    for (const [field, names] of Object.entries(Columns)) {
      if (names.includes(name) && columns[field] === undefined) columns[field] = index;
    }
  });
  const missing = Required.filter((f) => columns[f] === undefined);
  return missing.length > 0 ? { missing } : { columns };
}

const number = (text: string | undefined): number | undefined | string => {
  const t = text?.trim() ?? '';
  if (t === '') return undefined;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : t;
};

/** A CSV row as a record for `checkBatchRecord`. Triggers are written `2;5`, `2、5` or `2,5`. */
export function recordOfCsvRow(fields: string[], columns: Record<string, number>): unknown {
  const at = (field: string): string | undefined => {
    const index = columns[field];
    return index === undefined ? undefined : fields[index];
  };
  const triggerText = at('triggers')?.trim() ?? '';
  const triggers = triggerText === '' ? [] : triggerText.split(/[;；、,，\s]+/).map(Number);
  const phone = at('phone')?.trim();
  return {
    alertId: at('alertId')?.trim(),
    villageCode: at('villageCode')?.trim(),
    head: {
      name: at('name') ?? '',
      residentId: at('residentId')?.trim(),
      ...(phone ? { phone } : {}),
    },
    triggers,
    ...(number(at('incomePerCapita')) === undefined
      ? {}
      : { incomePerCapita: number(at('incomePerCapita')) }),
    ...(number(at('rigidExpenses')) === undefined
      ? {}
      : { rigidExpenses: number(at('rigidExpenses')) }),
  };
}

export interface CheckedBatch {
  records: CheckedRecord[];
  rejections: BatchRejection[];
  total: number;
}

/** Checks every record; an alert id repeated in the batch is refused after its first line. */
export function checkBatch(rows: { line: number; value: unknown }[]): CheckedBatch {
  const records: CheckedRecord[] = [];
  const rejections: BatchRejection[] = [];
  const seen = new Set<string>();
  for (const { line, value } of rows) {
    const checked = checkBatchRecord(line, value);
    if ('rejection' in checked) {
      rejections.push(checked.rejection);
    } else if (seen.has(checked.ok.alertId)) {
      rejections.push({
        line,
        alertId: checked.ok.alertId,
        field: 'alertId',
        code: ErrorCodes.alertConflict,
        message: 'alertId is repeated in this batch',
      });
    } else {
      seen.add(checked.ok.alertId);
      records.push(checked.ok);
    }
  }
  return { records, rejections, total: rows.length };
}

/** The rows of a CSV batch (after its header) as records, or why the file cannot be read at all. */
export function csvBatchRows(
  rows: CsvRow[],
):
  { rows: { line: number; value: unknown }[]; unreadable: BatchRejection[] } | { problem: string } {
  const [header, ...body] = rows;
  if (!header || !('fields' in header)) return { problem: 'the file has no readable header line' };
  const found = csvColumns(header.fields);
  if ('missing' in found)
    return { problem: `the header lacks columns: ${found.missing.join(', ')}` };
  if (body.length > MaxBatchRecords)
    return { problem: `a batch holds at most ${MaxBatchRecords} records` };
  const out: { line: number; value: unknown }[] = [];
  const unreadable: BatchRejection[] = [];
  for (const row of body) {
    if ('problem' in row) {
      unreadable.push({
        line: row.line,
        alertId: null,
        field: 'line',
        code: ErrorCodes.inputInvalid,
        message:
          row.problem === 'LINE_TOO_LONG'
            ? 'the line is too long'
            : 'a quoted field is never closed',
      });
    } else {
      out.push({ line: row.line, value: recordOfCsvRow(row.fields, found.columns) });
    }
  }
  return { rows: out, unreadable };
}
