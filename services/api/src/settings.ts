import {
  commonSettings,
  databaseSettings,
  setting,
  temporalSettings,
  type ConfigOf,
} from '@fanpin/platform';

export const settings = {
  ...commonSettings(3000),
  ...temporalSettings,
  ...databaseSettings,
  /** Key of the keyed hash that turns a resident ID number into a household key. Keep it secret. */
  HOUSEHOLD_KEY_SECRET: setting.secret({ minLength: 32 }),
  /** How long a staff request waits for the workflow to answer before it gets a 504. */
  UPDATE_TIMEOUT_MS: setting.int({ default: 15_000, min: 100, max: 120_000 }),
  /** Policy of new cases: how long the city determination may wait before it is overdue. */
  POLICY_DETERMINATION_DEADLINE: setting.string({
    default: '20 days',
    pattern: /^\d+ ?(ms|s|seconds?|m|minutes?|h|hours?|d|days?)$/,
  }),
  /** How often stored alerts that have not reached Temporal yet are handed over again. */
  OUTBOX_INTERVAL_MS: setting.int({ default: 5_000, min: 100, max: 600_000 }),
};

export type ApiConfig = ConfigOf<typeof settings>;
export const API_CONFIG = Symbol('API_CONFIG');
