/** A village's committee as it signs: 西大川村 → 西大川村民委员会, 森铁社区 → 森铁社区居民委员会. */
export function committeeOf(village: string): string {
  if (village.endsWith('社区')) return `${village}居民委员会`;
  return `${village.replace(/村$/, '')}村民委员会`;
}

/** An entry of a printed notice's table: its cells after the number, and the row's own data-*. */
export interface PaperRow {
  key: string;
  cells: string[];
  attrs?: Record<string, string>;
}
