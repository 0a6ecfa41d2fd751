/**
 * Dates and times as people in 临江 read them: Beijing time, whatever the browser's own zone. Every
 * format the console shows or writes is one of these, so that a page cannot drift to UTC.
 */
const inShanghai = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', hour12: false, ...options });

const day = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
const dateTime = inShanghai('zh-CN', { ...day, hour: '2-digit', minute: '2-digit' });
const dateOnly = inShanghai('zh-CN', day);
const onPaper = inShanghai('zh-CN', { year: 'numeric', month: 'long', day: 'numeric' });
/** Sweden's locale writes ISO order (2026-11-30 14:05:09): the digits of a stamp. */
const stamp = inShanghai('sv-SE', {
  ...day,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** An instant in a list or a form: 2026/11/30 14:05; a missing one as a dash. */
export const formatDateTime = (iso: string | null | undefined): string =>
  iso ? dateTime.format(new Date(iso)) : '—';

/** A day in a list: 2026/11/30; a missing one as a dash. */
export const formatDate = (iso: string | null | undefined): string =>
  iso ? dateOnly.format(new Date(iso)) : '—';

/** A date as a notice on paper writes it: 2026年11月30日. */
export const formatChineseDate = (iso: string): string => onPaper.format(new Date(iso));

/** Today as YYYY-MM-DD, the forms' calendar dates. */
export const todayInShanghai = (now = new Date()): string => stamp.format(now).slice(0, 10);

/** An instant as its digits, YYYYMMDDhhmmss: for names of files and batches. */
export const digitsOf = (now: Date): string => stamp.format(now).replace(/\D/g, '');
