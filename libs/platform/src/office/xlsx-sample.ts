import type { CellValue, SheetColumn } from './xlsx';

/**
 * A synthetic ledger of `count` rows × 10 columns of every cell type (text, dates, times, numbers,
 * booleans, empty cells): what the bench times and the writer's test reads back.
 */
export function sampleLedger(count: number): { columns: SheetColumn[]; rows: CellValue[][] } {
  const base = Date.parse('2025-01-01T00:00:00+08:00');
  const columns: SheetColumn[] = [
    { header: '代码', type: 'text' },
    { header: '名称' },
    { header: '日期', type: 'date' },
    { header: '时间', type: 'datetime' },
    ...Array.from({ length: 6 }, (_, i) => ({ header: `数值${i}`, type: 'number' as const })),
  ];
  const rows = Array.from({ length: count }, (_, r): CellValue[] => [
    String(r).padStart(6, '0'),
    `户${r % 1000}`,
    new Date(base + (r % 365) * 86_400_000),
    new Date(base + r * 60_000),
    r,
    r * 0.5,
    r % 7,
    -r,
    r % 2 === 0,
    null,
  ]);
  return { columns, rows };
}
