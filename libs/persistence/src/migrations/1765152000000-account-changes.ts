import { sqlMigration } from './sql-migration';

/**
 * Every change to an account that bears on whether its tokens still count (created, disabled,
 * deleted, its id changed, the table truncated) is announced on the channel `account_changes`, with
 * the account id as payload (`*` for a truncation). The API remembers account status only while it
 * listens to this channel, so that a disabled account is refused everywhere as soon as it is
 * committed, whichever way it was disabled (the API, or an administrator's SQL).
 */
export const AccountChanges1765152000000 = sqlMigration('AccountChanges1765152000000', {
  up: [
    `
      CREATE FUNCTION announce_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('account_changes', '*');
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM pg_notify('account_changes', OLD.account_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          PERFORM pg_notify('account_changes', NEW.account_id);
        END IF;
        RETURN NULL;
      END $$`,
    `
      CREATE TRIGGER accounts_announce_change
      AFTER INSERT OR DELETE OR UPDATE OF account_id, disabled_at ON accounts
      FOR EACH ROW EXECUTE FUNCTION announce_account_change()`,
    `
      CREATE TRIGGER accounts_announce_truncate
      AFTER TRUNCATE ON accounts
      FOR EACH STATEMENT EXECUTE FUNCTION announce_account_change()`,
  ],
  down: [
    `DROP TRIGGER accounts_announce_truncate ON accounts`,
    `DROP TRIGGER accounts_announce_change ON accounts`,
    `DROP FUNCTION announce_account_change()`,
  ],
});
