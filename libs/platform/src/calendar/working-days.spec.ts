import { isWorkday } from 'chinese-days';

import { settledDeadline } from './activity-deadline';
import {
  WorkingDayCalendar,
  addCalendarDays,
  calendarCoverage,
  cstDate,
  differencesFromPackage,
  missingArrangementWarning,
  nextReportCutoff,
  packagedCalendar,
  yearsReached,
} from './working-days';

const isWorkingDay = (date: string) => packagedCalendar.day(date).working;
const addWorkingDays = (from: Date, n: number) => packagedCalendar.addWorkingDays(from, n).at;
const deadlineFrom = (from: Date, spec: Parameters<WorkingDayCalendar['deadline']>[1]) =>
  packagedCalendar.deadline(from, spec).at;

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

  it('counts a year without arrangement on weekdays only, and says it is provisional', () => {
    const next = calendarCoverage.lastYear + 1;
    const from = cst(`${calendarCoverage.lastYear}-12-28T10:00:00`);
    const counted = packagedCalendar.addWorkingDays(from, 10);
    expect(counted.provisional).toBe(true);
    expect(packagedCalendar.day(`${next}-01-01`)).toEqual({
      working: new Date(`${next}-01-01T00:00:00Z`).getUTCDay() % 6 !== 0,
      provisional: true,
    });
    // Inside a packaged year nothing is provisional.
    expect(
      packagedCalendar.addWorkingDays(cst(`${calendarCoverage.lastYear}-03-02T10:00:00`), 5),
    ).toMatchObject({ provisional: false });
    // Calendar days and durations need no arrangement.
    expect(packagedCalendar.deadline(from, { calendarDays: 10 }).provisional).toBe(false);
    expect(packagedCalendar.deadline(from, { duration: '2h' }).provisional).toBe(false);
  });

  it('counts an entered arrangement as official: a holiday moves the deadline by a day', () => {
    const year = calendarCoverage.lastYear + 1;
    // The first Monday of the year, made a holiday.
    const monday = [...Array(7).keys()]
      .map((d) => `${year}-01-0${d + 1}`)
      .find((date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1)!;
    const from = cst(`${calendarCoverage.lastYear}-12-20T10:00:00`);
    const provisional = packagedCalendar.addWorkingDays(from, 20);
    const entered = new WorkingDayCalendar([{ year, holidays: [monday], workdays: [] }]);
    const official = entered.addWorkingDays(from, 20);
    expect(official.provisional).toBe(false);
    expect(cstDate(official.at)).not.toBe(cstDate(provisional.at));
    expect(entered.addWorkingDays(from, 19).at.getTime()).toBeLessThanOrEqual(
      provisional.at.getTime(),
    );
    expect(entered.knows(year)).toBe(true);
    expect(packagedCalendar.knows(year)).toBe(false);
    expect(entered.day(monday)).toEqual({ working: false, provisional: false });
  });

  it('finds where an arrangement says otherwise than the package, for a year it covers', () => {
    const year = 2025;
    // The package's 2025: 1–8 October off, 28 September and 11 October working days.
    const holidays = [
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ];
    const national = { year, holidays, workdays: ['2025-09-28', '2025-10-11'] };
    const rest = differencesFromPackage(national);
    // The rest of 2025's holidays are missing from this partial arrangement: every one is named.
    expect(rest).toContain('2025-01-01');
    expect(rest).not.toContain('2025-10-01');
    expect(rest).not.toContain('2025-09-28');
    expect(
      differencesFromPackage({ year: calendarCoverage.lastYear + 1, holidays, workdays: [] }),
    ).toEqual([]);
  });

  it('knows which years a working-day deadline can reach', () => {
    const from = cst('2026-12-20T10:00:00');
    expect(yearsReached(from, { workingDays: 20 })).toEqual([2026, 2027]);
    expect(yearsReached(from, { workingDays: 2 })).toEqual([2026, 2027]);
    expect(yearsReached(cst('2026-03-01T10:00:00'), { workingDays: 5 })).toEqual([2026]);
    expect(yearsReached(from, { calendarDays: 400 })).toEqual([]);
    expect(yearsReached(from, { workingDays: -1 })).toEqual([]);
  });

  it('warns from November that next year has no arrangement yet', () => {
    const year = calendarCoverage.lastYear;
    expect(missingArrangementWarning(cst(`${year}-10-31T12:00:00`), packagedCalendar)).toBeNull();
    expect(missingArrangementWarning(cst(`${year}-11-01T09:00:00`), packagedCalendar)).toContain(
      `of ${year + 1} is not entered yet`,
    );
    const entered = new WorkingDayCalendar([{ year: year + 1, holidays: [], workdays: [] }]);
    expect(missingArrangementWarning(cst(`${year}-12-06T09:00:00`), entered)).toBeNull();
    // In a year that has none at all, the warning says so whatever the month.
    expect(
      missingArrangementWarning(cst(`${year + 1}-03-01T09:00:00`), packagedCalendar),
    ).toContain(`of ${year + 1} is not entered: deadlines in it are provisional`);
  });

  it('gives activities a due date and its basis, provisional past the arrangements it knows', () => {
    const last = calendarCoverage.lastYear;
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    const covered = cst(`${last}-03-02T10:00:00`);
    expect(settledDeadline(packagedCalendar, covered, { workingDays: 2 }, 'x', logger)).toEqual({
      dueAt: addWorkingDays(covered, 2).toISOString(),
      provisional: false,
      basis: { from: covered.toISOString(), spec: { workingDays: 2 } },
    });
    expect(warnings).toEqual([]);
    const from = cst(`${last}-12-28T10:00:00`);
    const due = settledDeadline(packagedCalendar, from, { workingDays: 10 }, 'case-x: t-1', logger);
    expect(due.provisional).toBe(true);
    expect(warnings).toEqual([expect.stringMatching(/^case-x: t-1 has a provisional deadline/)]);
    expect(() => settledDeadline(packagedCalendar, from, { workingDays: -1 }, 'x', logger)).toThrow(
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
