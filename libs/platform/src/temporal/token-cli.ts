import { loadConfig } from '../config/config';
import { temporalSettings } from '../config/common';
import { TemporalTokenMinter } from './temporal-access';

const { TEMPORAL_AUTH_KEY_FILE, TEMPORAL_AUTH_KEY_ID, TEMPORAL_AUTH_ISSUER } = temporalSettings;

/**
 * Prints a Temporal token signed with TEMPORAL_AUTH_KEY_FILE, for operators' tools (the `temporal`
 * CLI's TEMPORAL_API_KEY) and the namespace job of the production shape:
 *
 *   node libs/platform/dist/temporal/token-cli.js temporal-system:admin [--minutes 15]
 *
 * Permissions are Temporal's (`<namespace>:<read|write|admin>`, `temporal-system:<role>`); the
 * token lives 15 minutes unless told, so that no lasting administrator's credential lies about.
 */
function main(argv: string[]): void {
  const minutesAt = argv.indexOf('--minutes');
  const minutes = minutesAt >= 0 ? Number(argv[minutesAt + 1]) : 15;
  const permissions = argv.filter(
    (arg, i) => !arg.startsWith('--') && (minutesAt < 0 || i !== minutesAt + 1),
  );
  if (
    permissions.length === 0 ||
    !permissions.every((p) => /^[\w.-]+:(read|write|worker|admin)$/.test(p)) ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > 24 * 60
  ) {
    throw new Error('usage: token-cli.js <namespace>:<role>... [--minutes 1..1440]');
  }
  const config = loadConfig(
    { TEMPORAL_AUTH_KEY_FILE, TEMPORAL_AUTH_KEY_ID, TEMPORAL_AUTH_ISSUER },
    process.env,
  );
  if (!config.TEMPORAL_AUTH_KEY_FILE) throw new Error('TEMPORAL_AUTH_KEY_FILE is not set');
  const minter = TemporalTokenMinter.fromFile(
    config.TEMPORAL_AUTH_KEY_FILE,
    config.TEMPORAL_AUTH_KEY_ID,
    config.TEMPORAL_AUTH_ISSUER,
  );
  process.stdout.write(`${minter.mint('operator', permissions, minutes * 60)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
