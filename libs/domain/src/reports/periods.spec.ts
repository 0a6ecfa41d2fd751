import { isReportPeriod, lastReportPeriod, yearOfPeriod } from './periods';

/** A CST wall time as an instant. */
const cst = (wall: string) => new Date(`${wall}+08:00`);
/** The last millisecond of a CST day, as an ISO instant. */
const endOf = (date: string) => new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();

describe('report periods (China Standard Time)', () => {
  it.each([
    // Half-monthly: the Schedule fires just after a cut-off, for the period that has just ended.
    ['half-monthly', '2025-07-16T00:10', '2025-06-30', '2025-07-15'],
    ['half-monthly', '2025-08-01T00:10', '2025-07-15', '2025-07-31'],
    // Any time in a half: the last complete one.
    ['half-monthly', '2025-07-15T23:59', '2025-06-15', '2025-06-30'],
    ['half-monthly', '2025-03-01T00:00', '2025-02-15', '2025-02-28'],
    ['half-monthly', '2024-03-01T00:00', '2024-02-15', '2024-02-29'],
    ['half-monthly', '2025-01-01T08:00', '2024-12-15', '2024-12-31'],
    // The bureaus' exchange: the last two months that have ended.
    ['bureau-exchange', '2025-07-01T01:00', '2025-04-30', '2025-06-30'],
    ['bureau-exchange', '2025-08-20T12:00', '2025-04-30', '2025-06-30'],
    ['bureau-exchange', '2025-01-01T01:00', '2024-10-31', '2024-12-31'],
    ['bureau-exchange', '2025-02-27T01:00', '2024-10-31', '2024-12-31'],
    ['bureau-exchange', '2025-03-01T01:00', '2024-12-31', '2025-02-28'],
  ] as const)('%s at %s: after %s to %s', (kind, at, start, end) => {
    expect(lastReportPeriod(kind, cst(at))).toEqual({ start: endOf(start), end: endOf(end) });
  });

  it('takes the calendar year that has ended for the scale-risk judgement', () => {
    const year = lastReportPeriod('scale-risk', cst('2026-01-01T02:00'));
    expect(year).toEqual({ start: endOf('2024-12-31'), end: endOf('2025-12-31') });
    expect(yearOfPeriod(year)).toBe(2025);
  });

  it('knows the periods a kind covers, and no other', () => {
    const half = { start: endOf('2025-06-30'), end: endOf('2025-07-15') };
    expect(isReportPeriod('half-monthly', half)).toBe(true);
    expect(isReportPeriod('half-monthly', { ...half, start: endOf('2025-06-29') })).toBe(false);
    expect(isReportPeriod('bureau-exchange', half)).toBe(false);
    expect(isReportPeriod('scale-risk', { start: 'x', end: 'y' })).toBe(false);
  });
});
