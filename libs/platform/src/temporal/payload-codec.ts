import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import {
  METADATA_ENCODING_KEY,
  type DataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';

import { PayloadKeyRing, type PayloadCodecKeys } from './payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[0-9a-f]{8}$/;

export type PayloadCodecErrorCode = 'UNKNOWN_KEY' | 'UNDECRYPTABLE' | 'MALFORMED';

/** Why a payload cannot be decoded. Names at most the key id, never payload content or keys. */
export class PayloadCodecError extends Error {
  constructor(
    readonly code: PayloadCodecErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadCodecError';
  }
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const text = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

/**
 * What a worker or client of the system reads instead of a payload that reached Temporal without
 * encryption (so from someone without the key): a value no handler takes for a command. Replacing
 * it, rather than failing to decode, keeps such a payload from stopping the case's workflow tasks.
 */
export const UnencryptedPayloadRefused = { refused: 'PAYLOAD.UNENCRYPTED' } as const;

const refusedPayload = (): Payload => ({
  metadata: { [METADATA_ENCODING_KEY]: utf8('json/plain') },
  data: utf8(JSON.stringify(UnencryptedPayloadRefused)),
});

/**
 * Encrypts whole payloads (metadata and data, serialized as the `Payload` proto) with AES-256-GCM.
 * An encrypted payload has metadata `encoding: binary/encrypted` and `encryption-key-id`, and data
 * 12-byte IV + ciphertext + 16-byte tag. Decoding accepts the previous keys of a rotation. Any
 * other payload is read as `UnencryptedPayloadRefused` (`plaintext: 'refuse'`, the system's own
 * workers and clients) or passed through unchanged (`'pass'`: the codec endpoint, which shows a
 * supervisor what was sent).
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: PayloadKeyRing;

  constructor(
    keys: PayloadCodecKeys,
    private readonly plaintext: 'refuse' | 'pass' = 'refuse',
  ) {
    this.keys = new PayloadKeyRing(keys);
  }

  /** Id of the key new payloads are encrypted with. */
  get keyId(): string {
    return this.keys.currentId;
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.encrypt(payload)));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.decrypt(payload)));
  }

  private encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.keys.current, iv, { authTagLength: TAG_BYTES });
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
        [METADATA_KEY_ID]: utf8(this.keys.currentId),
      },
      data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) {
      return this.plaintext === 'pass' ? payload : refusedPayload();
    }
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]);
    if (keyId === undefined || !KEY_ID.test(keyId)) {
      throw new PayloadCodecError('MALFORMED', 'encrypted payload without a valid key id');
    }
    const key = this.keys.key(keyId);
    if (!key) {
      throw new PayloadCodecError('UNKNOWN_KEY', `payload encrypted with unknown key id ${keyId}`);
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadCodecError('MALFORMED', 'encrypted payload too short');
    }
    return parsePayload(openSealed(key, keyId, data));
  }
}

function openSealed(key: Buffer, keyId: string, data: Uint8Array): Buffer {
  const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new PayloadCodecError(
      'UNDECRYPTABLE',
      `payload fails authentication with key id ${keyId}: altered, or encrypted by another key`,
    );
  }
}

function parsePayload(bytes: Uint8Array): Payload {
  try {
    return temporal.api.common.v1.Payload.decode(bytes);
  } catch {
    throw new PayloadCodecError('MALFORMED', 'decrypted payload is not a Temporal payload');
  }
}

/** Where Temporal loads the failure converter from (see failure-converter.ts). */
export const failureConverterPath = require.resolve('./failure-converter');

/**
 * The data converter of every Temporal client and worker of the system: payloads encrypted by
 * `EncryptionCodec`, and failure messages and stack traces moved into an encrypted payload.
 */
export function temporalDataConverter(keys: PayloadCodecKeys): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath };
}
