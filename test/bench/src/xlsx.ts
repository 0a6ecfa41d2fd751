import { performance } from 'node:perf_hooks';

import { sampleLedger, writeXlsx } from '@fanpin/platform';

import { bench } from './report';

/**
 * A township's register at the size of the whole city: 100,000 rows of 10 columns written as an
 * `.xlsx`, as the reports and exports write them (the median of three writes).
 */
export function runXlsxBench(rows = 100_000): void {
  const { columns, rows: data } = sampleLedger(rows);
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
