import { z } from '../forms/zod';

import { count, instant, view } from './fields';

const dates = z.array(z.string().meta({ format: 'date' }));

/** A year of the official calendar as the city bureau entered it (放假调休), and its revision. */
export const CalendarYearView = view('CalendarYear', {
  year: count,
  holidays: dates,
  workdays: dates,
  noticeRef: z.string(),
  revision: count.meta({ description: 'The entries of this year so far: the latest counts' }),
  enteredBy: z.string().meta({ description: 'The account that entered it' }),
  enteredAt: instant,
  differsFromPackage: dates.meta({
    description:
      'Dates on which a packaged calendar covering the year says otherwise: reported, never resolved silently',
  }),
});
export type CalendarYearView = z.infer<typeof CalendarYearView>;

/** The years of the official calendar: packaged, entered, and a warning of what is missing. */
export const CalendarView = view('Calendar', {
  packaged: view({ firstYear: count, lastYear: count }).meta({
    description: 'The years the packaged calendar (chinese-days) holds',
  }),
  years: z.array(CalendarYearView),
  warning: z.string().nullable().meta({
    description: "From November: next year's arrangement is still missing",
  }),
});
export type CalendarView = z.infer<typeof CalendarView>;

/** An entered year and the job that recounts the provisional due dates on it. */
export const CalendarEntry = view('CalendarEntry', {
  ...CalendarYearView.shape,
  recountJob: z.string().meta({ description: 'The workflow id of the recount job' }),
});
export type CalendarEntry = z.infer<typeof CalendarEntry>;
