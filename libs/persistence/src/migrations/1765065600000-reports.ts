import { sqlMigration } from './sql-migration';

/**
 * Periodic reports (half-monthly, bureau data exchange, yearly scale-risk judgement): one row per
 * kind, scope and period, its content a frozen snapshot of codes and household keys. Produced once:
 * a Schedule's retried or repeated run finds the row and adds nothing.
 *
 * Two indexes serve the reports' queries over the way-in records and the case history by time.
 */
export const Reports1765065600000 = sqlMigration('Reports1765065600000', {
  up: [
    `
      CREATE TABLE reports (
        report_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind         text NOT NULL
          CHECK (kind IN ('half-monthly', 'bureau-exchange', 'scale-risk')),
        scope        text NOT NULL,
        period_start timestamptz NOT NULL,
        period_end   timestamptz NOT NULL,
        produced_at  timestamptz NOT NULL DEFAULT now(),
        row_count    integer NOT NULL,
        content      jsonb NOT NULL,
        CONSTRAINT reports_once_per_period UNIQUE (kind, scope, period_end),
        CHECK (period_start < period_end)
      )`,
    `CREATE INDEX reports_listing_idx ON reports (kind, period_end DESC)`,
    `CREATE INDEX alerts_received_at_idx ON alerts (received_at)`,
    `CREATE INDEX case_events_kind_time_idx ON case_events (kind, recorded_at)`,
  ],
  down: [
    `DROP INDEX case_events_kind_time_idx`,
    `DROP INDEX alerts_received_at_idx`,
    `DROP TABLE reports`,
  ],
});
