import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { startInfrastructure, stderrLog, type Infrastructure } from '@fanpin/devstack';

declare global {
  var __FANPIN_INFRASTRUCTURE__: Infrastructure | undefined;
}

/**
 * Starts Temporal and PostgreSQL once for all e2e suites; they reach them through the environment.
 * FANPIN_TEST_RUN_DIR gives a run its own folder (default `.data/test-run`), so that two runs in one
 * checkout do not stop each other's servers.
 */
export default async function globalSetup(): Promise<void> {
  // Absolute: suites and the services they start run from other folders.
  const given = process.env.FANPIN_TEST_RUN_DIR;
  const runDir = given ? path.resolve(given) : undefined;
  const infrastructure = await startInfrastructure('test', stderrLog, process.env, runDir);
  globalThis.__FANPIN_INFRASTRUCTURE__ = infrastructure;
  process.env.FANPIN_TEST_TEMPORAL_ADDRESS = infrastructure.temporal.address;
  // The administrator's URL, for suites that set up data; the services get the application role's.
  process.env.FANPIN_TEST_DATABASE_URL = infrastructure.database.url;
  process.env.FANPIN_TEST_APP_DATABASE_URL = infrastructure.database.appUrl;
  process.env.FANPIN_TEST_LOG_DIR = infrastructure.logDir;
  process.env.FANPIN_TEST_PII_KEY = randomBytes(32).toString('base64url');
}
