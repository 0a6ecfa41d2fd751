import { CalendarNotCoveredError, addWorkingDays, workingDaysBetween } from './working-days';

/** An instant given as China Standard Time wall-clock time. */
const cst = (wallClock: string) => new Date(`${wallClock}+08:00`);

describe('workingDaysBetween', () => {
  it('counts the working days after today up to the due day', () => {
    // Friday 2026-03-06 to Monday 2026-03-09: the weekend does not count.
    expect(workingDaysBetween(cst('2026-03-06T10:00:00'), cst('2026-03-09T23:59:59.999'))).toBe(1);
    expect(workingDaysBetween(cst('2026-03-06T10:00:00'), cst('2026-03-06T23:59:59.999'))).toBe(0);
    // Past its due day: nothing left.
    expect(workingDaysBetween(cst('2026-03-10T10:00:00'), cst('2026-03-09T23:59:59.999'))).toBe(0);
  });

  it('undoes addWorkingDays across holidays and make-up working days', () => {
    // Around the Spring Festival and National Day of 2026, with their make-up days.
    for (const start of ['2026-02-10T09:00:00', '2026-09-28T09:00:00', '2026-12-01T09:00:00']) {
      for (const n of [0, 1, 2, 5, 20]) {
        const from = cst(start);
        expect(workingDaysBetween(from, addWorkingDays(from, n))).toBe(n);
      }
    }
  });

  it('says when the calendar does not cover the days', () => {
    expect(() =>
      workingDaysBetween(cst('2026-12-30T09:00:00'), cst('2099-01-05T09:00:00')),
    ).toThrow(CalendarNotCoveredError);
  });
});
