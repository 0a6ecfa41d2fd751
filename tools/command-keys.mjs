// Prints a new key pair for the commands the API sends to cases: COMMAND_SIGNING_KEY for the API
// (keep it secret) and COMMAND_VERIFYING_KEYS for the workflow worker (public).
import { generateKeyPairSync } from 'node:crypto';

const { privateKey } = generateKeyPairSync('ed25519');
const { d, x } = privateKey.export({ format: 'jwk' });
console.log(`COMMAND_SIGNING_KEY=${d}`);
console.log(`COMMAND_VERIFYING_KEYS=${Buffer.from(x, 'base64url').toString('hex')}`);
