// Makes the key Temporal's tokens are signed with, for the Docker and Kubernetes shapes: the ES256
// private key (every service that talks to Temporal reads it: TEMPORAL_AUTH_KEY_FILE) and the JWKS
// of its public half, which the server's JWT authorizer reads. `npm start:server` makes its own.
//
//   npm run keys:temporal [-- <folder>]     (default deploy/secrets, git-ignored)
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? 'deploy/secrets');
const keyFile = path.join(dir, 'temporal-signing-key.pem');
if (existsSync(keyFile)) {
  console.error(`${keyFile} exists: move it away first (tokens it signed stop counting)`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true, mode: 0o700 });
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
const publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
// As libs/devstack/src/temporal-auth.ts names its keys: the id follows the key.
const keyId = `fanpin-${createHash('sha256').update(publicPem).digest('hex').slice(0, 16)}`;
const jwk = createPublicKey(publicPem).export({ format: 'jwk' });
writeFileSync(
  path.join(dir, 'temporal-jwks.json'),
  JSON.stringify({ keys: [{ ...jwk, kid: keyId, use: 'sig', alg: 'ES256' }] }),
);
console.error(`wrote ${keyFile} (secret) and ${path.join(dir, 'temporal-jwks.json')} (public)`);
console.log(`TEMPORAL_AUTH_KEY_ID=${keyId}`);
