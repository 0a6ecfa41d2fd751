import { parseDeadlineSpec } from './deadline';

describe('parseDeadlineSpec', () => {
  it.each([
    ['20 working days', { workingDays: 20 }],
    ['2 working day', { workingDays: 2 }],
    ['5 days', { calendarDays: 5 }],
    ['5 calendar days', { calendarDays: 5 }],
    ['4s', { duration: '4s' }],
    ['10 minutes', { duration: '10 minutes' }],
  ])('reads %s', (text, spec) => expect(parseDeadlineSpec(text)).toEqual(spec));

  it.each(['', 'soon', '-1 days', '20 weeks', '1e3 days'])('refuses %s', (text) =>
    expect(parseDeadlineSpec(text)).toBeUndefined(),
  );
});
