import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { dataDir, startInfrastructure, stderrLog, type Infrastructure } from '@fanpin/devstack';

declare global {
  var __FANPIN_INFRASTRUCTURES__: Infrastructure[] | undefined;
}

/**
 * Starts a Temporal server and a PostgreSQL for each Jest worker, before any suite runs; a worker's
 * suites reach its own through the environment (test/support/worker-env.ts). Each worker runs one
 * suite at a time against servers no other worker touches — task queues, namespaces and tables are
 * as a sequential run leaves them — so suites run side by side without seeing each other's cases.
 * FANPIN_TEST_RUN_DIR gives a run its own folder (default `.data/test-run`), so that two runs in one
 * checkout do not stop each other's servers.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const workers = Math.max(1, globalConfig.maxWorkers);
  if (workers > 1 && process.env.TEMPORAL_ADDRESS) {
    throw new Error(
      'TEMPORAL_ADDRESS gives every Jest worker the same Temporal server: run with --runInBand',
    );
  }
  // Absolute: suites and the services they start run from other folders.
  const given = process.env.FANPIN_TEST_RUN_DIR;
  const runDir = given ? path.resolve(given) : path.join(dataDir, 'test-run');
  // The run's payload keys and its start lock (test/support/harness.ts) are this run's alone.
  for (const file of ['payload-keys.txt', 'system-start.lock']) {
    await rm(path.join(runDir, file), { force: true });
  }
  const started = await Promise.allSettled(
    Array.from({ length: workers }, (_, i) =>
      startInfrastructure(
        // The cluster test (npm run test:cluster) runs on the Temporal server on PostgreSQL.
        process.env.FANPIN_TEST_TEMPORAL === 'server' ? 'server-test' : 'test',
        stderrLog,
        process.env,
        path.join(runDir, `w${i + 1}`),
      ),
    ),
  );
  const infrastructures = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  globalThis.__FANPIN_INFRASTRUCTURES__ = infrastructures;
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.allSettled(infrastructures.map((i) => i.stop()));
    throw failed.reason;
  }
  infrastructures.forEach((infrastructure, i) => {
    const suffix = `_W${i + 1}`; // as test/support/worker-env.ts reads it
    process.env[`FANPIN_TEST_TEMPORAL_ADDRESS${suffix}`] = infrastructure.temporal.address;
    // The administrator's URL, for suites that set up data; the services get the application role's.
    process.env[`FANPIN_TEST_DATABASE_URL${suffix}`] = infrastructure.database.url;
    process.env[`FANPIN_TEST_APP_DATABASE_URL${suffix}`] = infrastructure.database.appUrl;
    process.env[`FANPIN_TEST_LOG_DIR${suffix}`] = infrastructure.logDir;
    // The production shape's authorizer and read-only UI (npm run test:cluster).
    const { authority, uiUpstream } = infrastructure.temporal;
    if (authority) {
      process.env[`FANPIN_TEST_TEMPORAL_AUTH_KEY_FILE${suffix}`] = authority.keyFile;
      process.env[`FANPIN_TEST_TEMPORAL_AUTH_KEY_ID${suffix}`] = authority.keyId;
      process.env[`FANPIN_TEST_TEMPORAL_AUTH_ISSUER${suffix}`] = authority.issuer;
    }
    if (uiUpstream) process.env[`FANPIN_TEST_TEMPORAL_UI_UPSTREAM${suffix}`] = uiUpstream;
  });
  // What a suite that looks over the whole run (the personal-data scan) reads: every worker's.
  process.env.FANPIN_TEST_RUN_ROOT = runDir;
  process.env.FANPIN_TEST_RUN_TEMPORAL_ADDRESSES = infrastructures
    .map((i) => i.temporal.address)
    .join(',');
  process.env.FANPIN_TEST_RUN_LOG_DIRS = infrastructures.map((i) => i.logDir).join(',');
  process.env.FANPIN_TEST_PII_KEY = randomBytes(32).toString('base64url');
}
