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
};
