import { commonSettings, databaseSettings, setting, temporalSettings } from '@fanpin/platform';

export const settings = {
  ...commonSettings(3101),
  ...temporalSettings,
  ...databaseSettings,
  /** Signs the recounted due dates sent to cases: the API's key (a case trusts only its keys). */
  COMMAND_SIGNING_KEY: setting.key(),
};
