import {
  commonSettings,
  databaseSettings,
  setting,
  temporalSettings,
  type ConfigOf,
} from '@fanpin/platform';

/** A policy deadline: `N working days`, `N days`, or a duration such as `4s`. */
function deadline(fallback: string) {
  return setting.string({
    default: fallback,
    pattern:
      /^(\d{1,3} ?working ?days?|\d{1,3} ?(calendar ?)?days?|\d{1,9} ?(ms|s|seconds?|m|minutes?|h|hours?))$/,
  });
}

export const settings = {
  ...commonSettings(3000),
  ...temporalSettings,
  ...databaseSettings,
  /** Key of the keyed hash that turns a resident ID number into a household key. Keep it secret. */
  HOUSEHOLD_KEY_SECRET: setting.secret({ minLength: 32 }),
  /** Encrypts personal data (names, resident ID numbers, phones) in PostgreSQL. */
  PII_ENCRYPTION_KEY: setting.key(),
  /**
   * Signs every command the API sends to a case (Ed25519 seed: 32 random bytes, base64url): a case
   * accepts only commands signed by a key its workflow worker trusts (COMMAND_VERIFYING_KEYS).
   */
  COMMAND_SIGNING_KEY: setting.key(),
  /** Signs access tokens. Rotating it signs everyone out. */
  AUTH_TOKEN_SECRET: setting.secret({ minLength: 32 }),
  /** Lifetime of an access token, in seconds. */
  AUTH_TOKEN_TTL_SECONDS: setting.int({ default: 900, min: 60, max: 12 * 3600 }),
  /**
   * How long an account's status (active or disabled) is answered from memory. Changes reach every
   * API instance at once through PostgreSQL notifications, and without them nothing is remembered;
   * this bounds an answer's age all the same. 0: every request reads the accounts table.
   */
  AUTH_STATUS_CACHE_SECONDS: setting.int({ default: 60, min: 0, max: 3600 }),
  /** scrypt cost of new password hashes, as log2(N) with r=8, p=1 (17 = 128 MiB, OWASP's minimum). */
  AUTH_SCRYPT_LOG2_N: setting.int({ default: 17, min: 14, max: 20 }),
  /**
   * Failed sign-ins in a row after which an account is locked for AUTH_LOCK_SECONDS. Once a lock has
   * expired the count starts again from zero.
   */
  AUTH_MAX_FAILED_LOGINS: setting.int({ default: 5, min: 1, max: 100 }),
  AUTH_LOCK_SECONDS: setting.int({ default: 900, min: 1, max: 86_400 }),
  /**
   * Failed sign-ins from one client address, whatever the accounts, after which that address is
   * refused sign-in (429 RATE.LIMITED) until AUTH_LOCK_SECONDS after its first counted failure.
   */
  AUTH_MAX_FAILED_LOGINS_PER_ADDRESS: setting.int({ default: 500, min: 1, max: 100_000 }),
  /** Password hashes computed at once (each takes 128 MiB at the default cost). */
  AUTH_HASH_CONCURRENCY: setting.int({ default: 2, min: 1, max: 32 }),
  /** Sign-ins waiting for a hash beyond those: more are answered 429 AUTH.BUSY with Retry-After. */
  AUTH_HASH_QUEUE: setting.int({ default: 32, min: 0, max: 10_000 }),
  /**
   * Requests per client address and public route (health, sign-in) in each window of
   * RATE_LIMIT_WINDOW_MS; more are answered 429 RATE.LIMITED with Retry-After.
   */
  RATE_LIMIT_PUBLIC_REQUESTS: setting.int({ default: 50, min: 1, max: 1_000_000 }),
  RATE_LIMIT_WINDOW_MS: setting.int({ default: 1000, min: 100, max: 3_600_000 }),
  /**
   * Reverse proxies in front of the API whose `X-Forwarded-For` is believed (express `trust proxy`
   * hop count): the client address of the rate limits. 0: the connection's own address.
   */
  TRUST_PROXY_HOPS: setting.int({ default: 0, min: 0, max: 10 }),
  /**
   * `development` sends the session cookie without `Secure` (plain HTTP on a developer's machine);
   * anything else is served behind TLS. The images set `production`.
   */
  NODE_ENV: setting.oneOf(['development', 'test', 'production'] as const, 'production'),
  /** Creates the administrator BOOTSTRAP_ADMIN_ACCOUNT with this password when it does not exist. */
  BOOTSTRAP_ADMIN_PASSWORD: setting.optionalSecret({ minLength: 12 }),
  BOOTSTRAP_ADMIN_ACCOUNT: setting.string({
    default: 'admin',
    pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/,
  }),
  /** How long a staff request waits for the workflow to answer before it gets a 504. */
  UPDATE_TIMEOUT_MS: setting.int({ default: 15_000, min: 100, max: 120_000 }),
  /**
   * Policy of new cases: the whole identification, from intake to the city's determination, before
   * the case is overdue: `20 working days` (official calendar), `N days`, or a duration such as `4s`.
   */
  POLICY_IDENTIFICATION_DEADLINE: deadline('20 working days'),
  /** The step deadlines of identification, in the same forms (DOMAIN.md defaults). */
  POLICY_VILLAGE_VERIFICATION_DEADLINE: deadline('2 working days'),
  POLICY_APPRAISAL_DEADLINE: deadline('5 working days'),
  /** The public notice: calendar days (`5 days`) or a duration, never working days. */
  POLICY_NOTICE_PERIOD: setting.string({
    default: '5 days',
    pattern: /^(\d{1,3} ?(calendar ?)?days?|\d{1,9} ?(ms|s|seconds?|m|minutes?|h|hours?))$/,
  }),
  POLICY_OBJECTION_REVIEW_DEADLINE: deadline('3 working days'),
  POLICY_TOWNSHIP_VERIFICATION_DEADLINE: deadline('5 working days'),
  /** The city bureau's entry by hand of what the national system refused for good. */
  POLICY_MANUAL_NATIONAL_ENTRY_DEADLINE: deadline('5 working days'),
  /** `half-month` waits for the next report cut-off (15th, month end); a duration waits that long. */
  POLICY_REPORT_CUTOFF: setting.string({
    default: 'half-month',
    pattern: /^(half-month|\d{1,9} ?(ms|s|seconds?|m|minutes?|h|hours?))$/,
  }),
  /** Monitoring after inclusion (DOMAIN.md §4.4, §5): yearly income line, yuan per person. */
  POLICY_INCOME_LINE: setting.int({ default: 6000, min: 1, max: 1_000_000 }),
  POLICY_ASSISTANCE_PLAN_DEADLINE: deadline('10 working days'),
  /** From one follow-up visit to the next; and the time the village has for each visit. */
  POLICY_FOLLOW_UP_INTERVAL: deadline('30 days'),
  POLICY_FOLLOW_UP_VISIT_DEADLINE: deadline('5 working days'),
  POLICY_ELIMINATION_APPRAISAL_DEADLINE: deadline('5 working days'),
  POLICY_ELIMINATION_TOWNSHIP_DEADLINE: deadline('5 working days'),
  POLICY_ELIMINATION_CITY_DEADLINE: deadline('10 working days'),
  /** How long a risk-eliminated case may still be rolled back before it closes. */
  POLICY_ROLLBACK_WINDOW: deadline('365 days'),
  /** Visits in a row, the proposing one included, that must meet the elimination rules. */
  POLICY_STABLE_VISITS_FOR_ELIMINATION: setting.int({ default: 2, min: 1, max: 24 }),
  /**
   * `on`: the city bureau may take a sudden-hardship case (emergency relief recorded) to its
   * determination without waiting for the half-monthly cut-off; `off`: every case waits for it.
   */
  POLICY_SUDDEN_HARDSHIP_FAST_TRACK: setting.string({ default: 'on', pattern: /^(on|off)$/ }),
  /** Follow-up visits per workflow run: the run continues as new after this many. */
  POLICY_VISITS_PER_RUN: setting.int({ default: 12, min: 1, max: 1000 }),
  /**
   * Sector bureaus' alerts (single and batch; not self-declarations or screenings): `city` holds
   * each in the city bureau's triage until it confirms the household (plan §4.2.3); `direct` hands
   * it to the household's case at once (where the city confirms before the bureaus send).
   */
  ALERT_TRIAGE: setting.string({ default: 'city', pattern: /^(city|direct)$/ }),
  /** How often stored alerts that have not reached Temporal yet are handed over again. */
  OUTBOX_INTERVAL_MS: setting.int({ default: 5_000, min: 100, max: 600_000 }),
  /**
   * The periodic reports' Schedules (half-monthly, bureau data exchange, yearly scale-risk):
   * `ensure` creates or updates them when the API starts; `leave` does not touch them.
   */
  REPORT_SCHEDULES: setting.string({ default: 'ensure', pattern: /^(ensure|leave)$/ }),
  /** Minutes after a half-monthly cut-off (midnight, China Standard Time) the report is taken. */
  REPORT_GRACE_MINUTES: setting.int({ default: 10, min: 0, max: 59 }),
  /** The built staff console served at `/`; empty: services/console/dist, if built. */
  CONSOLE_DIR: setting.string({ default: '' }),
  /**
   * The Temporal Web UI's address as supervisors' browsers reach it: the dashboard links each
   * overdue case to its workflow there (with TEMPORAL_NAMESPACE).
   */
  TEMPORAL_UI_URL: setting.url({ default: 'http://127.0.0.1:8233', protocols: ['http', 'https'] }),
  /**
   * The supervisors' Temporal Web UI server (write actions disabled, public path /temporal-ui),
   * which the API serves at /temporal-ui behind the console's sign-in; empty: not served.
   */
  TEMPORAL_UI_UPSTREAM: setting.string({ default: '', pattern: /^(|https?:\/\/[^\s/]+)$/ }),
  /** Origins (the Temporal Web UI's) whose browsers may call /codec/decode. */
  CODEC_CORS_ORIGINS: setting.list({
    default: ['http://localhost:8233', 'http://127.0.0.1:8233'],
    pattern: /^https?:\/\/[^\s/,]+$/,
  }),
};

export type ApiConfig = ConfigOf<typeof settings>;
export const API_CONFIG = Symbol('API_CONFIG');
