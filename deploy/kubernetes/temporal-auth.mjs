// The Temporal signing key of a Kubernetes installation, the JWKS that Temporal's authorizer reads
// its public half from, and the operators' short-lived admin token, with Node alone (no build):
//
//   node deploy/kubernetes/temporal-auth.mjs key temporal-signing-key.pem
//   node deploy/kubernetes/temporal-auth.mjs jwks temporal-signing-key.pem > jwks.json
//   node deploy/kubernetes/temporal-auth.mjs admin-token temporal-signing-key.pem > admin-token
//
// Options: --kid (fanpin-temporal) and --issuer (fanpin-monitor), as the chart's temporal.auth
// keyId and issuer; --seconds (3600), the admin token's lifetime. The tokens have the shape the
// services mint (libs/platform/src/temporal/temporal-access.ts): ES256, `kid` in the header,
// `permissions` in Temporal's default claim mapper's form.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const usage =
  'usage: temporal-auth.mjs key|jwks|admin-token <key.pem> [--kid ID] [--issuer ISS] [--seconds N]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    kid: { type: 'string', default: 'fanpin-temporal' },
    issuer: { type: 'string', default: 'fanpin-monitor' },
    seconds: { type: 'string', default: '3600' },
  },
});
const [command, file] = positionals;
if (!command || !file) {
  process.stderr.write(`${usage}\n`);
  process.exit(64);
}

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

if (command === 'key') {
  // Never overwrite: every token signed with the old key would stop being accepted.
  if (existsSync(file)) {
    process.stderr.write(`${file} exists; not replaced\n`);
    process.exit(1);
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  process.stderr.write(`wrote ${file} (ES256 private key, PKCS#8 PEM)\n`);
} else if (command === 'jwks') {
  const jwk = createPublicKey(readFileSync(file)).export({ format: 'jwk' });
  const jwks = { keys: [{ ...jwk, kid: values.kid, use: 'sig', alg: 'ES256' }] };
  process.stdout.write(`${JSON.stringify(jwks)}\n`);
} else if (command === 'admin-token') {
  const seconds = Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 86_400) {
    process.stderr.write('--seconds must be an integer from 60 to 86400\n');
    process.exit(64);
  }
  const key = createPrivateKey(readFileSync(file));
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'ES256', typ: 'JWT', kid: values.kid });
  const payload = base64url({
    permissions: ['temporal-system:admin'],
    iat: now,
    exp: now + seconds,
    iss: values.issuer,
    sub: 'operator:kubernetes',
  });
  // JWS wants ES256 signatures as r || s, not DER.
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
    key,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');
  process.stdout.write(`${header}.${payload}.${signature}`);
} else {
  process.stderr.write(`${usage}\n`);
  process.exit(64);
}
