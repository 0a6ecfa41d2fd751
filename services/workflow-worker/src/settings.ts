import { commonSettings, setting, temporalSettings } from '@fanpin/platform';

import { defaultBundlePath } from './bundle';

export const settings = {
  ...commonSettings(3105),
  ...temporalSettings,
  WORKFLOW_BUNDLE_PATH: setting.string({ default: defaultBundlePath }),
  /** Cached workflow runs kept in memory; 0 forces a full replay on every task (for tests). */
  MAX_CACHED_WORKFLOWS: setting.int({ default: 2000, min: 0, max: 1_000_000 }),
};
