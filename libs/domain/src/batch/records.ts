import { ErrorCodes, MaxBatchRecords, type BatchRejection } from '@fanpin/contracts';

import { findDivision } from '../divisions/divisions';
import { isValidPhone, normalizePhone } from '../personal-data';
import { isValidResidentId } from '../resident-id';
import { isCode } from '../shape';
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

const MAX_YUAN = 10_000_000;

function rejection(
  line: number,
  alertId: string | null,
  field: string,
  code: string,
  message: string,
): { rejection: BatchRejection } {
  return { rejection: { line, alertId, field, code, message } };
}

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * Checks one record of a bureau batch. Messages name the field and the rule, never the value (it
 * may be a name or an ID number).
 */
export function checkBatchRecord(line: number, value: unknown): RecordCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return rejection(line, null, 'record', ErrorCodes.inputInvalid, 'a record must be an object');
  }
  const r = value as Record<string, unknown>;
  const alertId = isCode(r.alertId) ? r.alertId : null;
  const refuse = (field: string, code: string, message: string) =>
    rejection(line, alertId, field, code, message);
  const known = ['alertId', 'villageCode', 'head', 'triggers', 'incomePerCapita', 'rigidExpenses'];
  if (Object.keys(r).some((k) => !known.includes(k))) {
    return refuse('record', ErrorCodes.inputInvalid, 'the record has a field it does not take');
  }
  if (!alertId)
    return refuse(
      'alertId',
      ErrorCodes.inputInvalid,
      'alertId must be a code, with no resident ID or phone number in it',
    );
  if (!isText(r.villageCode) || !/^\d{12}$/.test(r.villageCode)) {
    return refuse('villageCode', ErrorCodes.inputInvalid, 'villageCode must be 12 digits');
  }
  if (findDivision(r.villageCode)?.level !== 'village') {
    return refuse(
      'villageCode',
      ErrorCodes.divisionUnknown,
      'villageCode is not a village of 临江市',
    );
  }
  const head = r.head;
  if (typeof head !== 'object' || head === null || Array.isArray(head)) {
    return refuse('head', ErrorCodes.inputInvalid, 'head must be an object');
  }
  const h = head as Record<string, unknown>;
  if (Object.keys(h).some((k) => !['name', 'residentId', 'phone'].includes(k))) {
    return refuse('head', ErrorCodes.inputInvalid, 'head has a field it does not take');
  }
  const name = isText(h.name) ? h.name.trim() : '';
  if (name.length < 1 || name.length > 50 || /[\u0000-\u001f]/.test(name)) {
    return refuse('head.name', ErrorCodes.inputInvalid, 'head.name must be 1 to 50 characters');
  }
  if (!isText(h.residentId) || !/^\d{17}[\dXx]$/.test(h.residentId)) {
    return refuse(
      'head.residentId',
      ErrorCodes.residentIdInvalid,
      'head.residentId must be 18 characters',
    );
  }
  const residentId = h.residentId.toUpperCase();
  if (!isValidResidentId(residentId)) {
    return refuse(
      'head.residentId',
      ErrorCodes.residentIdInvalid,
      'head.residentId fails the GB 11643-1999 check',
    );
  }
  let phone: string | null = null;
  if (h.phone !== undefined && h.phone !== '') {
    if (!isText(h.phone) || h.phone.length > 20 || !isValidPhone(h.phone)) {
      return refuse(
        'head.phone',
        ErrorCodes.phoneInvalid,
        'head.phone is not a mainland phone number',
      );
    }
    phone = normalizePhone(h.phone);
  }
  const triggers = r.triggers;
  if (
    !Array.isArray(triggers) ||
    triggers.length === 0 ||
    triggers.length > 7 ||
    !triggers.every((t) => Number.isInteger(t) && (t as number) >= 1 && (t as number) <= 7) ||
    new Set(triggers).size !== triggers.length
  ) {
    return refuse('triggers', ErrorCodes.inputInvalid, 'triggers must be distinct numbers 1–7');
  }
  const figures: Record<string, number | null> = { incomePerCapita: null, rigidExpenses: null };
  for (const field of ['incomePerCapita', 'rigidExpenses'] as const) {
    const v = r[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_YUAN) {
      return refuse(
        field,
        ErrorCodes.inputInvalid,
        `${field} must be a number of yuan from 0 to 10,000,000`,
      );
    }
    figures[field] = v;
  }
  return {
    ok: {
      line,
      alertId,
      villageCode: r.villageCode,
      name,
      residentId,
      phone,
      triggers: [...(triggers as number[])].sort((a, b) => a - b),
      incomePerCapita: figures.incomePerCapita ?? null,
      rigidExpenses: figures.rigidExpenses ?? null,
    },
  };
}

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
