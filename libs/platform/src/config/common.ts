import { setting } from './config';

export const LogLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LogLevels)[number];

/** Settings every process has. */
export function commonSettings(defaultPort: number) {
  return {
    LOG_LEVEL: setting.oneOf(LogLevels, 'info'),
    HOST: setting.string({ default: '127.0.0.1' }),
    PORT: setting.int({ default: defaultPort, min: 0, max: 65535 }),
    /** Seconds a process waits for in-flight work on SIGTERM before it gives up. */
    SHUTDOWN_GRACE_SECONDS: setting.int({ default: 10, min: 0, max: 600 }),
    /**
     * Port of the process's Prometheus metrics (`/metrics`, on HOST), apart from PORT; 0: none.
     */
    METRICS_PORT: setting.int({ default: 0, min: 0, max: 65535 }),
  };
}

export const temporalSettings = {
  TEMPORAL_ADDRESS: setting.string({ default: '127.0.0.1:7233', pattern: /^[\w.-]+:\d{1,5}$/ }),
  TEMPORAL_NAMESPACE: setting.string({ default: 'default', pattern: /^[\w.-]{1,255}$/ }),
  /**
   * Encrypts every workflow and activity payload, and failure messages, before they reach Temporal:
   * base64url of 32 random bytes (`node -p "crypto.randomBytes(32).toString('base64url')"`).
   */
  PAYLOAD_CODEC_KEY: setting.key(),
  /** Keys replaced by PAYLOAD_CODEC_KEY, comma-separated: used only to decrypt older payloads. */
  PAYLOAD_CODEC_PREVIOUS_KEYS: setting.list({ minLength: 32, secret: true }),
  /**
   * The ES256 private key (PKCS#8 PEM) this process signs its Temporal tokens with, when the server's
   * JWT authorizer is on; its public half is in the JWKS the server reads (`npm run keys:temporal`).
   */
  TEMPORAL_AUTH_KEY_FILE: setting.optionalFile(),
  /** The `kid` of that key in the JWKS. */
  TEMPORAL_AUTH_KEY_ID: setting.string({ default: 'fanpin-temporal', pattern: /^[\w.-]{1,64}$/ }),
  /** The `iss` of the tokens. */
  TEMPORAL_AUTH_ISSUER: setting.string({ default: 'fanpin-monitor', minLength: 1 }),
  /** TLS to the Temporal frontend: the CA that signed its certificate (PEM). */
  TEMPORAL_TLS_CA_FILE: setting.optionalFile(),
  /** Mutual TLS: this process's certificate and key (PEM), both or neither. */
  TEMPORAL_TLS_CERT_FILE: setting.optionalFile(),
  TEMPORAL_TLS_KEY_FILE: setting.optionalFile(),
  /** The name in the frontend's certificate, when it is not the host of TEMPORAL_ADDRESS. */
  TEMPORAL_TLS_SERVER_NAME: setting.string({ default: '' }),
  /**
   * Port of the Temporal SDK's own Prometheus metrics (workflow and activity task latencies, polls,
   * cache; `/metrics` on HOST) in the processes that run a worker; 0: none.
   */
  TEMPORAL_SDK_METRICS_PORT: setting.int({ default: 0, min: 0, max: 65535 }),
  /** How often a worker asks Temporal for its task queue's backlog (with METRICS_PORT set). */
  TASK_QUEUE_STATS_INTERVAL_SECONDS: setting.int({ default: 15, min: 1, max: 3600 }),
  /**
   * An OTLP/HTTP collector (`http://collector:4318`): traces of requests, workflows and activities
   * are sent to its `/v1/traces`. Empty: no tracing.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: setting.string({ default: '', pattern: /^(https?:\/\/\S+)?$/ }),
};

export const databaseSettings = {
  DATABASE_URL: setting.url({ protocols: ['postgres', 'postgresql'], secret: true }),
};
