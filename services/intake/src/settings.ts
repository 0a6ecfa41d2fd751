import { commonSettings, databaseSettings, temporalSettings } from '@fanpin/platform';

export const intakeSettings = {
  ...commonSettings(3101),
  ...temporalSettings,
  ...databaseSettings,
};
