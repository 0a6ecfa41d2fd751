import { isWorkday } from 'chinese-days';

import {
  CalendarNotCoveredError,
  addCalendarDays,
  addWorkingDays,
  calendarCoverage,
  deadlineFrom,
  cstDate,
  isWorkingDay,
} from './working-days';

/** An instant given as China Standard Time wall-clock time. */
const cst = (wallClock: string) => new Date(`${wallClock}+08:00`);

describe('the official working-day calendar', () => {
  it('knows the National Day holiday of 2025 and its make-up working days', () => {
    // 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    for (let day = 1; day <= 8; day++) {
      expect(isWorkingDay(`2025-10-${String(day).padStart(2, '0')}`)).toBe(false);
    }
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false);
    expect(isWorkingDay('2025-09-27')).toBe(false);
  });

  it('counts a deadline across the holiday and the make-up Saturday', () => {
    // Received Friday 26 September 2025. Working days after it: Sun 28 (make-up), Mon 29, Tue 30,
    // then nothing until Thu 9, Fri 10, Sat 11 (make-up), Mon 13.
    const received = cst('2025-09-26T16:30:00');
    expect(cstDate(addWorkingDays(received, 2))).toBe('2025-09-29');
    expect(cstDate(addWorkingDays(received, 3))).toBe('2025-09-30');
    expect(cstDate(addWorkingDays(received, 4))).toBe('2025-10-09');
    expect(cstDate(addWorkingDays(received, 6))).toBe('2025-10-11');
    expect(cstDate(addWorkingDays(received, 7))).toBe('2025-10-13');
    // The deadline is the end of that day in China, whatever the server's time zone.
    expect(addWorkingDays(received, 6).toISOString()).toBe('2025-10-11T15:59:59.999Z');
  });

  it('counts 20 working days of an identification across the Spring Festival', () => {
    // 2026: 15–23 February off; Saturday 14 and Saturday 28 February are working days.
    expect(cstDate(addWorkingDays(cst('2026-02-09T09:00:00'), 20))).toBe('2026-03-13');
  });

  it('takes the date in China, not UTC: late evening UTC is already the next day', () => {
    expect(cstDate(new Date('2025-09-30T17:00:00Z'))).toBe('2025-10-01');
    expect(cstDate(addWorkingDays(new Date('2025-09-30T17:00:00Z'), 1))).toBe('2025-10-09');
  });

  it('counts notice periods in calendar days', () => {
    expect(cstDate(addCalendarDays(cst('2025-09-30T10:00:00'), 5))).toBe('2025-10-05');
  });

  it('agrees with the package on every day of every year it covers', () => {
    const disagreements: string[] = [];
    for (let year = calendarCoverage.firstYear; year <= calendarCoverage.lastYear; year++) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        // The package reads a date-only string in the machine's zone; at noon it is the same day.
        if (isWorkingDay(date) !== isWorkday(`${date}T12:00:00`)) disagreements.push(date);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('turns each kind of policy deadline into an instant', () => {
    const from = cst('2025-09-26T16:30:00');
    expect(cstDate(deadlineFrom(from, { workingDays: 6 }))).toBe('2025-10-11');
    expect(cstDate(deadlineFrom(from, { calendarDays: 5 }))).toBe('2025-10-01');
    expect(deadlineFrom(from, { duration: '4s' }).getTime() - from.getTime()).toBe(4000);
  });

  it('refuses to guess past the years it covers', () => {
    const last = calendarCoverage.lastYear;
    expect(() => isWorkingDay(`${last + 1}-01-04`)).toThrow(CalendarNotCoveredError);
    expect(() => addWorkingDays(cst(`${last}-12-28T10:00:00`), 10)).toThrow(
      new RegExp(`calendar of ${last + 1} is not in this release`),
    );
    expect(() => isWorkingDay(`${calendarCoverage.firstYear - 1}-06-01`)).toThrow(
      CalendarNotCoveredError,
    );
  });
});
