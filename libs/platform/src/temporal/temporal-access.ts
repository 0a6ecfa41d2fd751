import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type * as NestJwt from '@nestjs/jwt';
import type { ConnectionOptions, TLSConfig } from '@temporalio/client';
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';

import type { ConfigOf } from '../config/config';
import type { temporalSettings } from '../config/common';

/**
 * Access to the Temporal frontend: its address, TLS when the city's deployment asks for it, and,
 * when the server's JWT authorizer is on, a token of this process's own. Tokens are short-lived
 * ES256 JWTs in the shape of Temporal's default claim mapper (`permissions: ["<namespace>:write"]`),
 * signed with the key whose public half the server reads from its JWKS URI.
 */
export interface TemporalAccess {
  address: string;
  namespace: string;
  tls?: TLSConfig;
  /** The current token, minted again before it expires; absent when the server has no authorizer. */
  token?: () => string;
}

/** The roles of Temporal's default authorizer, per namespace. */
export type TemporalRole = 'read' | 'write' | 'worker' | 'admin';

/** How long one token lives; it is renewed when a third of that is left. */
export const TEMPORAL_TOKEN_SECONDS = 3600;

type AccessConfig = ConfigOf<typeof temporalSettings>;

/** Mints tokens for Temporal with the signing key of `TEMPORAL_AUTH_KEY_FILE`. */
export class TemporalTokenMinter {
  private readonly jwt: NestJwt.JwtService;

  constructor(
    key: KeyObject,
    readonly keyId: string,
    private readonly issuer: string,
  ) {
    // Loaded only where Temporal asks for tokens: a process without them starts sooner.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { JwtService } = require('@nestjs/jwt') as typeof NestJwt;
    this.jwt = new JwtService({ privateKey: key.export({ format: 'pem', type: 'pkcs8' }) });
  }

  static fromFile(file: string, keyId: string, issuer: string): TemporalTokenMinter {
    return new TemporalTokenMinter(createPrivateKey(readFileSync(file)), keyId, issuer);
  }

  /**
   * A token for `subject` with `permissions` in Temporal's form (`<namespace>:<role>`, or
   * `temporal-system:<role>`). The subject names a service or an account id: never a person's name.
   */
  mint(subject: string, permissions: string[], seconds = TEMPORAL_TOKEN_SECONDS): string {
    return this.jwt.sign(
      { permissions },
      {
        algorithm: 'ES256',
        keyid: this.keyId,
        issuer: this.issuer,
        subject,
        expiresIn: seconds,
      },
    );
  }

  /** A function that answers a valid token at every call, minting a new one when a third is left. */
  renewing(subject: string, permissions: string[], seconds = TEMPORAL_TOKEN_SECONDS): () => string {
    let token = '';
    let renewAt = 0;
    return () => {
      const now = Date.now();
      if (now >= renewAt) {
        token = this.mint(subject, permissions, seconds);
        renewAt = now + (seconds * 1000 * 2) / 3;
      }
      return token;
    };
  }
}

/**
 * What a supervisor's token may do in Temporal: read, and nothing else. The Web UI asks cluster-level
 * read APIs too (the cluster's info, the namespaces' list), which the default authorizer grants only
 * to a system-scope reader; the cluster holds this system's namespace and Temporal's own.
 */
export function supervisorTemporalPermissions(namespace: string): string[] {
  return [`${namespace}:read`, 'temporal-system:read'];
}

/** The signing key of this process, when Temporal's authorizer is configured. */
export function temporalTokenMinter(config: AccessConfig): TemporalTokenMinter | undefined {
  return config.TEMPORAL_AUTH_KEY_FILE
    ? TemporalTokenMinter.fromFile(
        config.TEMPORAL_AUTH_KEY_FILE,
        config.TEMPORAL_AUTH_KEY_ID,
        config.TEMPORAL_AUTH_ISSUER,
      )
    : undefined;
}

function tlsOf(config: AccessConfig): TLSConfig | undefined {
  if (!config.TEMPORAL_TLS_CA_FILE && !config.TEMPORAL_TLS_CERT_FILE) return undefined;
  if (Boolean(config.TEMPORAL_TLS_CERT_FILE) !== Boolean(config.TEMPORAL_TLS_KEY_FILE)) {
    throw new Error('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together');
  }
  return {
    ...(config.TEMPORAL_TLS_CA_FILE
      ? { serverRootCACertificate: readFileSync(config.TEMPORAL_TLS_CA_FILE) }
      : {}),
    ...(config.TEMPORAL_TLS_CERT_FILE && config.TEMPORAL_TLS_KEY_FILE
      ? {
          clientCertPair: {
            crt: readFileSync(config.TEMPORAL_TLS_CERT_FILE),
            key: readFileSync(config.TEMPORAL_TLS_KEY_FILE),
          },
        }
      : {}),
    ...(config.TEMPORAL_TLS_SERVER_NAME
      ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME }
      : {}),
  };
}

/**
 * How `service` reaches Temporal: with write permission on the namespace (starting cases, sending
 * Updates, polling task queues), never admin (the devstack and operators register namespaces and
 * search attributes).
 */
export function temporalAccess(config: AccessConfig, service: string): TemporalAccess {
  const minter = temporalTokenMinter(config);
  const tls = tlsOf(config);
  return {
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(tls ? { tls } : {}),
    ...(minter
      ? { token: minter.renewing(`service:${service}`, [`${config.TEMPORAL_NAMESPACE}:write`]) }
      : {}),
  };
}

/** Options of a client `Connection` (the API, the intake's batch dispatch). */
export function clientConnectionOptions(access: TemporalAccess): ConnectionOptions {
  return {
    address: access.address,
    // Explicit: the SDK turns TLS on by itself whenever a token is given.
    tls: access.tls ?? false,
    ...(access.token ? { apiKey: access.token } : {}),
  };
}

/** Options of a worker's `NativeConnection`; keep its token fresh with `renewNativeToken`. */
export function nativeConnectionOptions(access: TemporalAccess): NativeConnectionOptions {
  return {
    address: access.address,
    tls: access.tls ?? false,
    ...(access.token ? { apiKey: access.token() } : {}),
  };
}

/**
 * A native connection takes its token as a string: hand it a fresh one well before the old one
 * expires. Returns the function that stops the renewal.
 */
export function renewNativeToken(connection: NativeConnection, access: TemporalAccess): () => void {
  const token = access.token;
  if (!token) return () => undefined;
  const timer = setInterval(
    () => void connection.setApiKey(token()).catch(() => undefined),
    (TEMPORAL_TOKEN_SECONDS * 1000) / 6,
  );
  timer.unref();
  return () => clearInterval(timer);
}
