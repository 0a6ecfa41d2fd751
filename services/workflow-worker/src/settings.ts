import { commonSettings, databaseSettings, setting, temporalSettings } from '@fanpin/platform';

import { defaultBundlePath } from './bundle';

export const settings = {
  ...commonSettings(3105),
  ...temporalSettings,
  // Cases are opened here, in the workflow task that starts them (case-opening.activities.ts).
  ...databaseSettings,
  WORKFLOW_BUNDLE_PATH: setting.string({ default: defaultBundlePath }),
  /**
   * The public keys whose signatures a case accepts on the commands sent to it (64 hex digits each,
   * comma-separated): the API's COMMAND_SIGNING_KEY's, and during a rotation the next one's too
   * (`npm run keys` prints a pair).
   */
  COMMAND_VERIFYING_KEYS: setting.list({ pattern: /^[0-9a-f]{64}$/ }),
  /**
   * Cached workflow runs kept in memory; 0 forces a full replay on every task (for tests). The
   * default holds every open case of a county with room to spare (10,000 open cases and more), so
   * that a staff task never waits for its case's history to be replayed first; each cached case
   * costs some 300 KiB (`worker.rss_per_cached_workflow` in `npm run bench`).
   */
  MAX_CACHED_WORKFLOWS: setting.int({ default: 12_000, min: 0, max: 1_000_000 }),
  /**
   * Threads that run workflow code, each with its own heap holding its share of the cache: two
   * heaps of half the size each pause half as long for garbage collection as one.
   */
  WORKFLOW_THREADS: setting.int({ default: 2, min: 1, max: 16 }),
  /**
   * How long a case's next workflow task waits for this worker (its sticky queue, where its
   * history is cached) before any worker may take it. A killed worker holds each case it had
   * cached back that long; a shorter wait sends more tasks of a busy worker to a cold one.
   */
  STICKY_QUEUE_TIMEOUT_SECONDS: setting.int({ default: 10, min: 1, max: 300 }),
};
