import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation of an account's access tokens (sign-out, a password change). Tokens are stateless JWTs
 * that carry the account's `session_epoch` of when they were issued; raising it ends every token
 * issued before, at once, on every API instance: the trigger of AccountChanges1765152000000 now
 * announces a change of the epoch too, and the API answers an account's epoch from memory only
 * while it listens. `epoch_keeper` is the id (`jti`) of the one token that outlives a raise: the
 * session that changed the password stays signed in, every other one ends.
 */
export class SessionEpochs1765411200000 implements MigrationInterface {
  name = 'SessionEpochs1765411200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE accounts ADD COLUMN session_epoch integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE accounts ADD COLUMN epoch_keeper uuid`);
    await db.query(`DROP TRIGGER accounts_announce_change ON accounts`);
    await db.query(`
      CREATE TRIGGER accounts_announce_change
      AFTER INSERT OR DELETE OR UPDATE OF account_id, disabled_at, session_epoch ON accounts
      FOR EACH ROW EXECUTE FUNCTION announce_account_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER accounts_announce_change ON accounts`);
    await db.query(`
      CREATE TRIGGER accounts_announce_change
      AFTER INSERT OR DELETE OR UPDATE OF account_id, disabled_at ON accounts
      FOR EACH ROW EXECUTE FUNCTION announce_account_change()`);
    await db.query(`ALTER TABLE accounts DROP COLUMN epoch_keeper`);
    await db.query(`ALTER TABLE accounts DROP COLUMN session_epoch`);
  }
}
