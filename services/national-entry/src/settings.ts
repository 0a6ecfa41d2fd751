import { NationalEntryPaths } from '@fanpin/contracts';
import { commonSettings, databaseSettings, setting, temporalSettings } from '@fanpin/platform';

export const settings = {
  ...commonSettings(3104),
  ...temporalSettings,
  ...databaseSettings,
  NATIONAL_SYSTEM_URL: setting.url({
    default: 'http://127.0.0.1:3200',
    protocols: ['http', 'https'],
  }),
  NATIONAL_SYSTEM_TIMEOUT_MS: setting.int({ default: 10_000, min: 100, max: 120_000 }),
  /** How cases are entered into the national system: through the adapter, or keyed in by townships. */
  NATIONAL_ENTRY_PATH: setting.oneOf(NationalEntryPaths, 'adapter'),
  /** Townships that take another path than the deployment's: `220681001=township,…`. */
  NATIONAL_ENTRY_TOWNSHIP_PATHS: setting.list({ pattern: /^\d{9}=(adapter|township)$/ }),
};
