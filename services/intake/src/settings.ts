import { commonSettings, databaseSettings, temporalSettings } from '@fanpin/platform';

export const settings = {
  ...commonSettings(3101),
  ...temporalSettings,
  ...databaseSettings,
};
