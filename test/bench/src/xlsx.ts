import { performance } from 'node:perf_hooks';

import { writeXlsx, type CellValue } from '@fanpin/platform';

import { bench } from './report';

/**
 * A township's register at the size of the whole city: 100,000 rows of 10 columns written as an
 * `.xlsx`, as the reports and exports write them (the median of three writes).
 */
export function runXlsxBench(rows = 100_000): void {
  const base = Date.parse('2025-01-01T00:00:00+08:00');
  const data: CellValue[][] = Array.from({ length: rows }, (_, r) => [
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
  const columns = [
    { header: '代码', type: 'text' as const },
    { header: '名称' },
    { header: '日期', type: 'date' as const },
    { header: '时间', type: 'datetime' as const },
    ...Array.from({ length: 6 }, (_, i) => ({ header: `数值${i}`, type: 'number' as const })),
  ];
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    size = writeXlsx({
      sheets: [{ name: '明细', columns, rows: data, freezeHeader: true }],
    }).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  bench('xlsx.write_100k_rows', times[1]!, 'ms');
  bench('xlsx.write_100k_rows.size', size / 1024, 'KiB');
}
