import { createHash } from 'node:crypto';

/** The payload codec's keys, as configured: base64url strings of 32 random bytes. */
export interface PayloadCodecKeys {
  /** PAYLOAD_CODEC_KEY: encrypts new payloads, decrypts its own. */
  current: string;
  /** PAYLOAD_CODEC_PREVIOUS_KEYS: only decrypt payloads written before a rotation. */
  previous?: readonly string[];
}

/** The configuration values the keys come from. */
export interface PayloadCodecSettings {
  PAYLOAD_CODEC_KEY: string;
  PAYLOAD_CODEC_PREVIOUS_KEYS?: readonly string[];
}

export function payloadCodecKeys(config: PayloadCodecSettings): PayloadCodecKeys {
  return { current: config.PAYLOAD_CODEC_KEY, previous: config.PAYLOAD_CODEC_PREVIOUS_KEYS ?? [] };
}

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}=?$/;

/** A key's id: the first 8 hex characters of its SHA-256, stored beside every payload it encrypts. */
export function payloadKeyId(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function parseKey(value: string, name: string): Buffer {
  const key = Buffer.from(value, 'base64url');
  if (!BASE64URL_32_BYTES.test(value) || key.length !== 32) {
    throw new Error(`${name} must be the base64url encoding of 32 random bytes`);
  }
  return key;
}

/** The current key and the previous ones, by id. Key values never appear in messages. */
export class PayloadKeyRing {
  readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor({ current, previous = [] }: PayloadCodecKeys) {
    this.currentId = this.add(parseKey(current, 'PAYLOAD_CODEC_KEY'));
    previous.forEach((value, index) =>
      this.add(parseKey(value, `PAYLOAD_CODEC_PREVIOUS_KEYS item ${index + 1}`)),
    );
  }

  get current(): Buffer {
    return this.keys.get(this.currentId) as Buffer;
  }

  key(id: string): Buffer | undefined {
    return this.keys.get(id);
  }

  private add(key: Buffer): string {
    const id = payloadKeyId(key);
    const known = this.keys.get(id);
    if (known && !known.equals(key)) {
      throw new Error(`two payload codec keys share the key id ${id}: replace one of them`);
    }
    this.keys.set(id, key);
    return id;
  }
}
