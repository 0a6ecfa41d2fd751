import { sqlMigration } from './sql-migration';

/**
 * Self-declarations and cadre screenings are stored beside bureau alerts (`alerts`, their source
 * `self-declaration` or `cadre-screening`), with what their way in adds: the channel (the app, the
 * 12317 hotline, a written form) and a screening's figures and result. Codes and figures only.
 */
export const WaysIn1764892800000 = sqlMigration('WaysIn1764892800000', {
  up: [`ALTER TABLE alerts ADD COLUMN detail jsonb`],
  down: [`ALTER TABLE alerts DROP COLUMN detail`],
});
