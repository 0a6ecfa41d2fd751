import { WorkingDayCalendar, calendarCoverage, packagedCalendar } from './working-days';

/** An instant given as China Standard Time wall-clock time. */
const cst = (wallClock: string) => new Date(`${wallClock}+08:00`);
const between = (from: Date, until: Date) => packagedCalendar.workingDaysBetween(from, until);

describe('workingDaysBetween', () => {
  it('counts the working days after today up to the due day', () => {
    // Friday 2026-03-06 to Monday 2026-03-09: the weekend does not count.
    expect(between(cst('2026-03-06T10:00:00'), cst('2026-03-09T23:59:59.999'))).toBe(1);
    expect(between(cst('2026-03-06T10:00:00'), cst('2026-03-06T23:59:59.999'))).toBe(0);
    // Past its due day: nothing left.
    expect(between(cst('2026-03-10T10:00:00'), cst('2026-03-09T23:59:59.999'))).toBe(0);
  });

  it('undoes addWorkingDays across holidays and make-up working days', () => {
    // Around the Spring Festival and National Day of 2026, with their make-up days.
    for (const start of ['2026-02-10T09:00:00', '2026-09-28T09:00:00', '2026-12-01T09:00:00']) {
      for (const n of [0, 1, 2, 5, 20]) {
        const from = cst(start);
        expect(between(from, packagedCalendar.addWorkingDays(from, n).at)).toBe(n);
      }
    }
  });

  it('counts an unarranged year as weekdays, and an entered one as it is arranged', () => {
    const year = calendarCoverage.lastYear + 1;
    const from = cst(`${year}-01-04T09:00:00`);
    const until = cst(`${year}-01-15T09:00:00`);
    const weekdays = between(from, until);
    const holiday = [5, 6, 7, 8]
      .map((d) => `${year}-01-0${d}`)
      .find((date) => packagedCalendar.day(date).working)!;
    const arranged = new WorkingDayCalendar([{ year, holidays: [holiday], workdays: [] }]);
    expect(arranged.workingDaysBetween(from, until)).toBe(weekdays - 1);
  });
});
