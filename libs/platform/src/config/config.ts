import { existsSync } from 'node:fs';

/**
 * Configuration is read from the environment once, at boot, validated as a whole and then passed
 * around as a typed object: nothing else reads `process.env`. Secrets have no defaults, and their
 * values never appear in error messages.
 */
export interface Setting<T> {
  readonly secret: boolean;
  parse(raw: string | undefined, name: string): T;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

class Problem extends Error {}

function required(raw: string | undefined, name: string, fallback?: string): string {
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new Problem(`${name} is required`);
    return fallback;
  }
  return raw;
}

export const setting = {
  string(
    options: { default?: string; pattern?: RegExp; minLength?: number } = {},
  ): Setting<string> {
    return {
      secret: false,
      parse(raw, name) {
        const value = required(raw, name, options.default);
        if (options.pattern && !options.pattern.test(value)) {
          throw new Problem(`${name} must match ${options.pattern}`);
        }
        if (options.minLength && value.length < options.minLength) {
          throw new Problem(`${name} must be at least ${options.minLength} characters`);
        }
        return value;
      },
    };
  },
  secret(options: { minLength: number }): Setting<string> {
    return {
      secret: true,
      parse(raw, name) {
        const value = required(raw, name);
        if (value.length < options.minLength) {
          throw new Problem(`${name} must be at least ${options.minLength} characters`);
        }
        return value;
      },
    };
  },
  /** A secret that may be left out (for example a bootstrap password); `undefined` when absent. */
  optionalSecret(options: { minLength: number }): Setting<string | undefined> {
    return {
      secret: true,
      parse(raw, name) {
        if (raw === undefined || raw === '') return undefined;
        if (raw.length < options.minLength) {
          throw new Problem(`${name} must be at least ${options.minLength} characters`);
        }
        return raw;
      },
    };
  },
  /** A file read at start (a key, a certificate); `undefined` when left out or empty. */
  optionalFile(): Setting<string | undefined> {
    return {
      secret: false,
      parse(raw, name) {
        if (raw === undefined || raw === '') return undefined;
        if (!existsSync(raw)) throw new Problem(`${name} names no file that exists`);
        return raw;
      },
    };
  },
  /** A 32-byte key, base64url-encoded (as `openssl rand -base64 32 | tr '+/' '-_' | tr -d =` makes). */
  key(): Setting<string> {
    return {
      secret: true,
      parse(raw, name) {
        const value = required(raw, name);
        if (!/^[A-Za-z0-9_-]{43}=?$/.test(value) || Buffer.from(value, 'base64url').length !== 32) {
          throw new Problem(`${name} must be 32 bytes, base64url-encoded (43 characters)`);
        }
        return value;
      },
    };
  },
  int(options: { default?: number; min: number; max: number }): Setting<number> {
    return {
      secret: false,
      parse(raw, name) {
        const n = Number(required(raw, name, options.default?.toString()));
        if (!Number.isInteger(n) || n < options.min || n > options.max) {
          throw new Problem(`${name} must be an integer from ${options.min} to ${options.max}`);
        }
        return n;
      },
    };
  },
  url(options: { default?: string; protocols: string[]; secret?: boolean }): Setting<string> {
    return {
      secret: options.secret ?? false,
      parse(raw, name) {
        const value = required(raw, name, options.default);
        let protocol: string;
        try {
          protocol = new URL(value).protocol.replace(/:$/, '');
        } catch {
          throw new Problem(`${name} must be a URL`);
        }
        if (!options.protocols.includes(protocol)) {
          throw new Problem(`${name} must be a ${options.protocols.join(' or ')} URL`);
        }
        return value;
      },
    };
  },
  /**
   * A comma-separated list (blanks around items ignored). Without a default it may be empty; a
   * secret list's values never appear in messages, only the position of a bad item.
   */
  list(options: {
    default?: readonly string[];
    pattern?: RegExp;
    minLength?: number;
    secret?: boolean;
  }): Setting<string[]> {
    return {
      secret: options.secret ?? false,
      parse(raw, name) {
        const value = raw === undefined || raw.trim() === '' ? undefined : raw;
        if (value === undefined) return [...(options.default ?? [])];
        const items = value.split(',').map((item) => item.trim());
        items.forEach((item, index) => {
          if (options.minLength && item.length < options.minLength) {
            throw new Problem(
              `${name}: item ${index + 1} must be at least ${options.minLength} characters`,
            );
          }
          if (options.pattern && !options.pattern.test(item)) {
            throw new Problem(`${name}: item ${index + 1} must match ${options.pattern}`);
          }
        });
        return items;
      },
    };
  },
  oneOf<const T extends string>(values: readonly T[], fallback?: T): Setting<T> {
    return {
      secret: false,
      parse(raw, name) {
        const value = required(raw, name, fallback);
        if (!values.includes(value as T)) {
          throw new Problem(`${name} must be one of ${values.join(', ')}`);
        }
        return value as T;
      },
    };
  },
};

export type ConfigOf<S extends Record<string, Setting<unknown>>> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

/** Parses every setting and reports all problems at once. */
export function loadConfig<S extends Record<string, Setting<unknown>>>(
  spec: S,
  source: Record<string, string | undefined>,
): ConfigOf<S> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(spec)) {
    try {
      result[name] = entry.parse(source[name], name);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return result as ConfigOf<S>;
}
