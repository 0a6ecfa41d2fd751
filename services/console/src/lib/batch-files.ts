import type { BatchRejection } from '@contracts/api/batches';

import { digitsOf } from './dates';
import { BatchFields, errorMessage, label } from './i18n';
import { quoted } from './xlsx-csv';

/** The template's header: the Chinese column names the API reads (any order). */
export const TemplateColumns = [
  '预警编号',
  '村代码',
  '户主姓名',
  '身份证号',
  '联系电话',
  '触发情形',
  '人均纯收入',
  '刚性支出',
];

/** CSV for Excel: UTF-8 with a BOM, CRLF lines. */
export function csvBlob(rows: string[][]): Blob {
  const text = rows.map((r) => r.map(quoted).join(',')).join('\r\n') + '\r\n';
  return new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
}

export const templateBlob = (): Blob => csvBlob([TemplateColumns]);

/** The reason of a refused line in Chinese, from its code (the API's message is English). */
export function rejectionReason(r: BatchRejection): string {
  if (r.code === 'INPUT.INVALID') {
    return r.field === 'line'
      ? '该行无法读取（过长，或引号未闭合）'
      : `${label(BatchFields, r.field)}缺失或格式不正确`;
  }
  if (r.code === 'ALERT.CONFLICT' && /repeated/.test(r.message)) {
    return '预警编号在本批次中重复';
  }
  return errorMessage(r.code);
}

/** The rejection report as a CSV file: line, alert id, column, code and reason; never a value. */
export function rejectionsBlob(rejections: BatchRejection[]): Blob {
  return csvBlob([
    ['行号', '预警编号', '有误的列', '错误代码', '原因'],
    ...rejections.map((r) => [
      String(r.line),
      r.alertId ?? '',
      label(BatchFields, r.field),
      r.code,
      rejectionReason(r),
    ]),
  ]);
}

/** Offers a file the page made to the browser's downloads. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A batch id of this upload: the day and time, and a random tail (no personal number in it). */
export function newBatchId(now = new Date()): string {
  const stamp = digitsOf(now);
  const tail = Math.random().toString(36).slice(2, 6);
  return `${stamp.slice(0, 8)}-${stamp.slice(8)}-${tail}`;
}
