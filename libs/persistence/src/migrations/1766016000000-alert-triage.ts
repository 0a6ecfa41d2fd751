import { sqlMigration } from './sql-migration';

/**
 * The city bureau's triage of sector-bureau alerts (plan §4.2.3: 市乡村振兴局统一将行业部门反馈的预警
 * 信息确认、汇总下发到各乡镇): a bureau's alert, single or in a batch, is stored and joins the one
 * pending triage item of its household (whichever bureau sent it), and reaches the household's case
 * only once the city confirms the item. A dismissed item's reason code is every sender's feedback.
 * One pending item per household (a partial unique index); a decided item never changes again, and
 * a later alert about the household opens a new item.
 */
export const AlertTriage1766016000000 = sqlMigration('AlertTriage1766016000000', {
  up: [
    `
      CREATE TABLE triage_decisions (
        id            bigserial PRIMARY KEY,
        decision      text NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
        reason        text,
        decided_by    text NOT NULL,
        decided_at    timestamptz NOT NULL DEFAULT now(),
        items         int NOT NULL DEFAULT 0,
        -- When the confirmed items' batch alerts were handed to their batch workflows (the outbox
        -- starts them again for a decision whose hand-over did not happen).
        handed_at     timestamptz
      )`,
    `CREATE INDEX triage_decisions_unhanded_idx ON triage_decisions (decided_at)
       WHERE handed_at IS NULL AND decision = 'confirmed'`,
    `
      CREATE TABLE triage_items (
        id            bigserial PRIMARY KEY,
        household_key text NOT NULL REFERENCES households (household_key),
        county_code   char(6) NOT NULL,
        township_code char(9) NOT NULL,
        village_code  char(12) NOT NULL,
        status        text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'confirmed', 'dismissed')),
        reason        text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        decision_id   bigint REFERENCES triage_decisions (id),
        decided_at    timestamptz,
        CHECK ((status = 'pending') = (decision_id IS NULL)),
        CHECK ((status = 'dismissed') = (reason IS NOT NULL))
      )`,
    `CREATE UNIQUE INDEX triage_items_pending_key ON triage_items (household_key)
       WHERE status = 'pending'`,
    `CREATE INDEX triage_items_pending_idx ON triage_items (township_code, village_code, id)
       WHERE status = 'pending'`,
    `CREATE INDEX triage_items_decision_idx ON triage_items (decision_id)`,
    `ALTER TABLE alerts ADD COLUMN triage_item_id bigint REFERENCES triage_items (id)`,
    `CREATE INDEX alerts_triage_item_idx ON alerts (triage_item_id, source)
       WHERE triage_item_id IS NOT NULL`,
    `CREATE INDEX alerts_batch_line_idx ON alerts (source, batch_id, batch_line)
       WHERE batch_id IS NOT NULL`,
    // Whether the batch's alerts wait for the city's triage: the API's setting when it was stored.
    `ALTER TABLE alert_batches ADD COLUMN triage boolean NOT NULL DEFAULT false`,
  ],
  down: [
    `ALTER TABLE alert_batches DROP COLUMN triage`,
    `DROP INDEX alerts_batch_line_idx`,
    `ALTER TABLE alerts DROP COLUMN triage_item_id`,
    `DROP TABLE triage_items`,
    `DROP TABLE triage_decisions`,
  ],
});
