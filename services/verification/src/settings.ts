import { commonSettings, databaseSettings, setting, temporalSettings } from '@fanpin/platform';

export const settings = {
  ...commonSettings(3102),
  ...temporalSettings,
  ...databaseSettings,
  /** Seals the figures of each step (incomes, assurances, health) in the case history: the API's key. */
  PII_ENCRYPTION_KEY: setting.key(),
};
