import type { DataSource, EntityManager } from 'typeorm';

import type { DeadlineSpec } from '@fanpin/contracts';
import {
  WorkingDayCalendar,
  packageCovers,
  packagedCalendar,
  yearsReached,
  type YearArrangement,
} from '@fanpin/platform';

/** A year's arrangement as stored, with the notice it comes from and who entered it. */
export interface StoredArrangement extends YearArrangement {
  holidays: string[];
  workdays: string[];
  noticeRef: string;
  revision: number;
  enteredBy: string;
  enteredAt: string;
}

interface Row {
  year: number;
  holidays: string[];
  workdays: string[];
  notice_ref: string;
  revision: number;
  entered_by: string;
  entered_at: Date;
}

// Dates leave PostgreSQL as text: a `date` never passes through the process's time zone.
const columns = `year, holidays::text[] AS holidays, workdays::text[] AS workdays, notice_ref,
  revision, entered_by, entered_at`;

const stored = (r: Row): StoredArrangement => ({
  year: r.year,
  holidays: r.holidays,
  workdays: r.workdays,
  noticeRef: r.notice_ref,
  revision: r.revision,
  enteredBy: r.entered_by,
  enteredAt: r.entered_at.toISOString(),
});

/**
 * The year arrangements (放假调休) entered for years the packaged calendar does not hold
 * (`calendar_years`), and the calendar a deadline is counted on. Read afresh whenever a deadline
 * reaches such a year, so that an arrangement counts the moment it is committed.
 */
export class CalendarYears {
  constructor(private readonly db: Pick<DataSource | EntityManager, 'query'>) {}

  /** The latest revision of every year entered. */
  async all(): Promise<StoredArrangement[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT DISTINCT ON (year) ${columns} FROM calendar_years ORDER BY year, revision DESC`,
    );
    return rows.map(stored);
  }

  async ofYears(years: readonly number[]): Promise<StoredArrangement[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT DISTINCT ON (year) ${columns} FROM calendar_years
       WHERE year = ANY($1::int[]) ORDER BY year, revision DESC`,
      [years],
    );
    return rows.map(stored);
  }

  /** The calendar that knows every year of `years` there is an arrangement for. */
  async calendarOf(years: readonly number[]): Promise<WorkingDayCalendar> {
    const wanted = [...new Set(years)].filter((year) => !packageCovers(year));
    if (wanted.length === 0) return packagedCalendar;
    return new WorkingDayCalendar(await this.ofYears(wanted));
  }

  /** The calendar a deadline `spec` from `from` is counted on. */
  calendarFor(from: Date, spec: DeadlineSpec): Promise<WorkingDayCalendar> {
    return this.calendarOf(yearsReached(from, spec));
  }

  /**
   * Enters a year's arrangement as its next revision (the first is 1). Two entries of one year at
   * once: one takes the revision, the other fails on the key and is retried by its caller.
   */
  async save(
    arrangement: YearArrangement,
    noticeRef: string,
    enteredBy: string,
  ): Promise<StoredArrangement> {
    const [row] = await this.db.query<Row[]>(
      `INSERT INTO calendar_years (year, revision, holidays, workdays, notice_ref, entered_by)
       SELECT $1, coalesce(max(revision), 0) + 1, $2::date[], $3::date[], $4, $5
       FROM calendar_years WHERE year = $1
       RETURNING ${columns}`,
      [arrangement.year, arrangement.holidays, arrangement.workdays, noticeRef, enteredBy],
    );
    if (!row) throw new Error('the arrangement was not stored');
    return stored(row);
  }
}
