const chineseDate = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** A date as a notice on paper writes it: 2026年11月30日 (Beijing time). */
export const formatChineseDate = (iso: string): string => chineseDate.format(new Date(iso));
