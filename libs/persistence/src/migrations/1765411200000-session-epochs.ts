import { sqlMigration } from './sql-migration';

/**
 * Revocation of an account's access tokens (sign-out, a password change). Tokens are stateless JWTs
 * that carry the account's `session_epoch` of when they were issued; raising it ends every token
 * issued before, at once, on every API instance: the trigger of AccountChanges1765152000000 now
 * announces a change of the epoch too, and the API answers an account's epoch from memory only
 * while it listens. `epoch_keeper` is the id (`jti`) of the one token that outlives a raise: the
 * session that changed the password stays signed in, every other one ends.
 */
export const SessionEpochs1765411200000 = sqlMigration('SessionEpochs1765411200000', {
  up: [
    `ALTER TABLE accounts ADD COLUMN session_epoch integer NOT NULL DEFAULT 0`,
    `ALTER TABLE accounts ADD COLUMN epoch_keeper uuid`,
    `DROP TRIGGER accounts_announce_change ON accounts`,
    `
      CREATE TRIGGER accounts_announce_change
      AFTER INSERT OR DELETE OR UPDATE OF account_id, disabled_at, session_epoch ON accounts
      FOR EACH ROW EXECUTE FUNCTION announce_account_change()`,
  ],
  down: [
    `DROP TRIGGER accounts_announce_change ON accounts`,
    `
      CREATE TRIGGER accounts_announce_change
      AFTER INSERT OR DELETE OR UPDATE OF account_id, disabled_at ON accounts
      FOR EACH ROW EXECUTE FUNCTION announce_account_change()`,
    `ALTER TABLE accounts DROP COLUMN epoch_keeper`,
    `ALTER TABLE accounts DROP COLUMN session_epoch`,
  ],
});
