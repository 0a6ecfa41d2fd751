import { createHash, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { TemporalTokenMinter } from '@fanpin/platform';

import type { Log } from './log';

/**
 * The signing key of the Temporal tokens in the production shape, and the JWKS the server's
 * authorizer reads its public half from. The key is made once and kept beside the stack's other
 * state (mode 0600); the JWKS is served on 127.0.0.1 by the devstack itself, so that it answers
 * before the server asks for it (the server fetches it at start and then every minute).
 */
export interface TemporalAuthority {
  /** PKCS#8 PEM of the ES256 private key: TEMPORAL_AUTH_KEY_FILE of the services. */
  keyFile: string;
  keyId: string;
  issuer: string;
  /** Where the server reads the public key (`global.authorization.jwtKeyProvider.keySourceURIs`). */
  jwksUrl: string;
  minter: TemporalTokenMinter;
  /** A token with `temporal-system:admin` (the default claim mapper's system scope), for the devstack's own calls (namespace, search attributes). */
  adminToken: () => string;
  stop(): Promise<void>;
}

export const TEMPORAL_TOKEN_ISSUER = 'fanpin-monitor';

/** The JWKS of one public key, as Temporal's default key provider reads it. */
export function jwksOf(publicPem: string, keyId: string): { keys: JsonWebKey[] } {
  const jwk = createPublicKey(publicPem).export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: keyId, use: 'sig', alg: 'ES256' }] };
}

/** Makes the key when missing, writes `jwks.json` beside it, and serves it. */
export async function startTemporalAuthority(dir: string, log: Log): Promise<TemporalAuthority> {
  const keyFile = path.join(dir, 'temporal-signing-key.pem');
  await mkdir(dir, { recursive: true });
  if (!existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    log(`made the signing key of Temporal's tokens: ${keyFile}`);
  }
  const publicPem = createPublicKey(await readFile(keyFile))
    .export({ format: 'pem', type: 'spki' })
    .toString();
  // The key id follows the key: a new key is never mistaken for the old one by a cached JWKS.
  const keyId = `fanpin-${createHash('sha256').update(publicPem).digest('hex').slice(0, 16)}`;
  const jwks = JSON.stringify(jwksOf(publicPem, keyId));
  await writeFile(path.join(dir, 'jwks.json'), jwks);
  const server = createServer((request, response) => {
    if (request.url === '/jwks.json' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  const minter = TemporalTokenMinter.fromFile(keyFile, keyId, TEMPORAL_TOKEN_ISSUER);
  return {
    keyFile,
    keyId,
    issuer: TEMPORAL_TOKEN_ISSUER,
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    minter,
    adminToken: minter.renewing('service:devstack', ['temporal-system:admin']),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
