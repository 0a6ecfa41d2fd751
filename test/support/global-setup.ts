import { startInfrastructure, stderrLog, type Infrastructure } from '@fanpin/devstack';

declare global {
  var __FANPIN_INFRASTRUCTURE__: Infrastructure | undefined;
}

/** Starts Temporal and PostgreSQL once for all e2e suites; they reach them through the environment. */
export default async function globalSetup(): Promise<void> {
  const infrastructure = await startInfrastructure('test', stderrLog);
  globalThis.__FANPIN_INFRASTRUCTURE__ = infrastructure;
  process.env.FANPIN_TEST_TEMPORAL_ADDRESS = infrastructure.temporal.address;
  process.env.FANPIN_TEST_DATABASE_URL = infrastructure.database.url;
  process.env.FANPIN_TEST_LOG_DIR = infrastructure.logDir;
}
