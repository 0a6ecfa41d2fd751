import { isWorkday } from 'chinese-days';

import { settledDeadline } from './activity-deadline';
import {
  CalendarNotCoveredError,
  addCalendarDays,
  addWorkingDays,
  calendarCoverage,
  deadlineFrom,
  cstDate,
  isWorkingDay,
  nextReportCutoff,
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

  it('gives activities no due date past its years, with the reason, and no guess', () => {
    const last = calendarCoverage.lastYear;
    const from = cst(`${last}-12-28T10:00:00`);
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    const covered = cst(`${last}-03-02T10:00:00`);
    expect(settledDeadline(covered, { workingDays: 2 }, 'x', logger)).toEqual({
      dueAt: addWorkingDays(covered, 2).toISOString(),
      problem: null,
    });
    expect(warnings).toEqual([]);
    expect(settledDeadline(from, { workingDays: 10 }, 'case-x: task t-1', logger)).toEqual({
      dueAt: null,
      problem: 'CALENDAR.NOT_COVERED',
    });
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^case-x: task t-1 has no deadline: .*${last + 1}`)),
    ]);
    // A calendar-day or duration deadline needs no calendar: it always has a date.
    expect(settledDeadline(from, { calendarDays: 10 }, 'x', logger).problem).toBeNull();
    expect(() => settledDeadline(from, { workingDays: -1 }, 'x', logger)).toThrow(
      expect.objectContaining({ type: 'INPUT.INVALID', nonRetryable: true }),
    );
  });
});

describe('the half-monthly report cut-off', () => {
  const cutoff = (wallClock: string) => nextReportCutoff(cst(wallClock)).toISOString();

  it('falls on the evening of the 15th, on the 15th itself and before it', () => {
    expect(cutoff('2026-03-01T00:00:00')).toBe('2026-03-15T15:59:59.999Z');
    expect(cutoff('2026-03-15T00:00:00')).toBe('2026-03-15T15:59:59.999Z');
    expect(cutoff('2026-03-15T23:59:59.999')).toBe('2026-03-15T15:59:59.999Z');
  });

  it("falls on the month's last day from the 16th on", () => {
    expect(cutoff('2026-03-16T00:00:00')).toBe('2026-03-31T15:59:59.999Z');
    expect(cutoff('2026-04-16T08:00:00')).toBe('2026-04-30T15:59:59.999Z');
    expect(cutoff('2026-01-31T09:00:00')).toBe('2026-01-31T15:59:59.999Z');
  });

  it('knows how long February is', () => {
    expect(cutoff('2024-02-16T10:00:00')).toBe('2024-02-29T15:59:59.999Z');
    expect(cutoff('2024-02-29T10:00:00')).toBe('2024-02-29T15:59:59.999Z');
    expect(cutoff('2026-02-16T10:00:00')).toBe('2026-02-28T15:59:59.999Z');
    expect(cutoff('2026-02-28T23:00:00')).toBe('2026-02-28T15:59:59.999Z');
    expect(cutoff('2100-02-20T10:00:00')).toBe('2100-02-28T15:59:59.999Z');
  });

  it('takes the date in China: late evening UTC is already the next day', () => {
    // 16:30 UTC on the 15th is 00:30 on the 16th in China: the 15th's cut-off has passed.
    expect(nextReportCutoff(new Date('2026-03-15T16:30:00Z')).toISOString()).toBe(
      '2026-03-31T15:59:59.999Z',
    );
    // 16:30 UTC on the last day is the 1st of the next month in China.
    expect(nextReportCutoff(new Date('2026-01-31T16:30:00Z')).toISOString()).toBe(
      '2026-02-15T15:59:59.999Z',
    );
    expect(cstDate(nextReportCutoff(new Date('2026-03-15T15:59:59.999Z')))).toBe('2026-03-15');
  });

  it('ends December on the 31st, and goes on into January', () => {
    expect(cutoff('2026-12-16T10:00:00')).toBe('2026-12-31T15:59:59.999Z');
    expect(cutoff('2026-12-31T23:59:00')).toBe('2026-12-31T15:59:59.999Z');
    expect(cutoff('2027-01-01T00:00:00')).toBe('2027-01-15T15:59:59.999Z');
  });

  it('needs no official calendar: any year has cut-offs', () => {
    const year = calendarCoverage.lastYear + 5;
    expect(cstDate(nextReportCutoff(cst(`${year}-06-20T10:00:00`)))).toBe(`${year}-06-30`);
  });
});
