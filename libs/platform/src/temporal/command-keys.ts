import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

import {
  COMMAND_SIGNATURE,
  commandMessage,
  type CommandCheck,
  type CommandKey,
  type CommandKeyActivities,
  type CommandSignature,
  type Signed,
} from '@fanpin/contracts';

// PKCS #8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
// SPKI DER of an Ed25519 public key, up to its 32 raw bytes (RFC 8410).
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX_KEY = /^[0-9a-f]{64}$/;

/** The id of a public key: 8 hex digits of SHA-256 over its 32 raw bytes. */
export function commandKeyId(publicKey: Buffer): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 8);
}

/** The raw 32-byte public key of an Ed25519 private key. */
function rawPublicKey(privateKey: KeyObject): Buffer {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32);
}

/**
 * Signs the commands the API sends to cases (see `commandMessage`). The key is the Ed25519 seed of
 * COMMAND_SIGNING_KEY: 32 random bytes, base64url, as the other keys of the system.
 */
export class CommandSigner {
  private readonly privateKey: KeyObject;
  /** The public key the workers must trust, as COMMAND_VERIFYING_KEYS takes it. */
  readonly publicKey: CommandKey;

  constructor(seedBase64url: string) {
    const seed = Buffer.from(seedBase64url, 'base64url');
    if (seed.length !== 32) throw new Error('COMMAND_SIGNING_KEY must be 32 bytes, base64url');
    this.privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const raw = rawPublicKey(this.privateKey);
    this.publicKey = { keyId: commandKeyId(raw), publicKey: raw.toString('hex') };
  }

  /** The command with the signature that lets `caseId` accept it through `update`. */
  sign<T extends object>(caseId: string, update: string, command: T): T & Signed {
    const message = Buffer.from(commandMessage(caseId, update, command), 'utf8');
    const signature: CommandSignature = {
      keyId: this.publicKey.keyId,
      value: sign(null, message, this.privateKey).toString('hex'),
    };
    return { ...command, signature };
  }
}

/** The public key of a COMMAND_SIGNING_KEY, hex, as COMMAND_VERIFYING_KEYS takes it. */
export function verifyingKeyOf(seedBase64url: string): string {
  return new CommandSigner(seedBase64url).publicKey.publicKey;
}

/** COMMAND_VERIFYING_KEYS (hex public keys, comma-separated) as the keys a case trusts. */
export function commandKeys(hexKeys: readonly string[]): CommandKey[] {
  return hexKeys.map((hex, index) => {
    if (!HEX_KEY.test(hex)) {
      throw new Error(`COMMAND_VERIFYING_KEYS: item ${index + 1} must be 64 hex digits`);
    }
    return { keyId: commandKeyId(Buffer.from(hex, 'hex')), publicKey: hex };
  });
}

/**
 * The workflow worker's local activities on the keys it trusts: the keys, and the check of a run's
 * first commands with them (see `CommandKeyActivities.admit`).
 */
export function commandKeyActivities(keys: readonly CommandKey[]): CommandKeyActivities {
  const byId = new Map(
    keys.map((k) => [
      k.keyId,
      createPublicKey({
        key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(k.publicKey, 'hex')]),
        format: 'der',
        type: 'spki',
      }),
    ]),
  );
  const issued = ({ keyId, message, signature }: CommandCheck): boolean => {
    const key = byId.get(keyId);
    if (!key || !COMMAND_SIGNATURE.test(signature)) return false;
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'hex'));
  };
  return {
    commandKeys: () => Promise.resolve([...keys]),
    admit: (checks) => Promise.resolve({ keys: [...keys], issued: checks.map(issued) }),
  };
}
