import { createHash, randomBytes } from 'node:crypto';

import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';

import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  METADATA_KEY_ID,
  PayloadCodecError,
  UnencryptedPayloadRefused,
  failureConverterPath,
  temporalDataConverter,
} from './payload-codec';
import { PayloadKeyRing, payloadCodecKeys, payloadKeyId } from './payload-keys';

const newKey = (): string => randomBytes(32).toString('base64url');
const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString();

/** A payload as the default converter makes it, with personal data inside. */
const person = { name: '张三', residentId: '11010519491231002X' };
const plainPayload = (): Payload => defaultPayloadConverter.toPayload(person);

async function encodeOne(codec: EncryptionCodec, payload = plainPayload()): Promise<Payload> {
  const [encoded] = await codec.encode([payload]);
  return encoded!;
}

async function decodeError(codec: EncryptionCodec, payload: Payload): Promise<PayloadCodecError> {
  const error: unknown = await codec.decode([payload]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PayloadCodecError);
  return error as PayloadCodecError;
}

describe('EncryptionCodec', () => {
  const key = newKey();
  const codec = new EncryptionCodec({ current: key });

  it('round-trips payloads, metadata included', async () => {
    const payloads = [plainPayload(), defaultPayloadConverter.toPayload(undefined)];
    const decoded = await codec.decode(await codec.encode(payloads));
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([person, undefined]);
    expect(text(decoded[0]!.metadata!.encoding)).toBe('json/plain');
    expect(await codec.encode([])).toEqual([]);
  });

  it('marks encrypted payloads with the encoding and the key id (first 8 hex of SHA-256)', async () => {
    const encoded = await encodeOne(codec);
    const keyId = createHash('sha256').update(Buffer.from(key, 'base64url')).digest('hex');
    expect(text(encoded.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded.metadata![METADATA_KEY_ID])).toBe(keyId.slice(0, 8));
    expect(codec.keyId).toBe(keyId.slice(0, 8));
    expect(Object.keys(encoded.metadata!)).toHaveLength(2);
  });

  it('lays out data as a fresh 12-byte IV, the ciphertext and a 16-byte tag', async () => {
    const plain = plainPayload();
    const [a, b] = await codec.encode([plain, plain]);
    expect(a!.data!.length).toBeGreaterThan(12 + 16 + plain.data!.length);
    expect(Buffer.from(a!.data!.subarray(0, 12))).not.toEqual(
      Buffer.from(b!.data!.subarray(0, 12)),
    );
    expect(Buffer.from(a!.data!)).not.toEqual(Buffer.from(b!.data!));
  });

  it('leaves no plaintext in the encrypted bytes', async () => {
    const encoded = await encodeOne(codec);
    const bytes = Buffer.from(temporalBytes(encoded));
    for (const secret of [person.name, person.residentId, 'json/plain']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('detects tampering with the IV, the ciphertext or the tag', async () => {
    const encoded = await encodeOne(codec);
    for (const index of [0, 12, 20, encoded.data!.length - 1]) {
      const data = Buffer.from(encoded.data!);
      data[index] = data[index]! ^ 0x01;
      const error = await decodeError(codec, { ...encoded, data });
      expect(error.code).toBe('UNDECRYPTABLE');
    }
  });

  it('refuses a payload too short to hold IV and tag, or without a well-formed key id', async () => {
    const encoded = await encodeOne(codec);
    expect(
      (await decodeError(codec, { ...encoded, data: encoded.data!.subarray(0, 27) })).code,
    ).toBe('MALFORMED');
    const badId = { ...encoded.metadata, [METADATA_KEY_ID]: Buffer.from('<script>') };
    const error = await decodeError(codec, { ...encoded, metadata: badId });
    expect(error.code).toBe('MALFORMED');
    expect(error.message).not.toContain('<script>');
  });

  it('fails with an unknown key id, naming only the id', async () => {
    const other = new EncryptionCodec({ current: newKey() });
    const error = await decodeError(codec, await encodeOne(other));
    expect(error.code).toBe('UNKNOWN_KEY');
    expect(error.message).toBe(`payload encrypted with unknown key id ${other.keyId}`);
  });

  it('fails to decrypt with a wrong key under a known id', async () => {
    const encoded = await encodeOne(new EncryptionCodec({ current: newKey() }));
    const relabelled = {
      ...encoded,
      metadata: { ...encoded.metadata, [METADATA_KEY_ID]: Buffer.from(codec.keyId) },
    };
    const error = await decodeError(codec, relabelled);
    expect(error.code).toBe('UNDECRYPTABLE');
    expect(error.message).not.toContain(key);
  });

  it('reads a payload sent without encryption as refused, never as what it says', async () => {
    const plain = [plainPayload(), defaultPayloadConverter.toPayload(null), {}];
    const decoded = await codec.decode(plain);
    for (const payload of decoded) {
      expect(defaultPayloadConverter.fromPayload(payload)).toEqual(UnencryptedPayloadRefused);
    }
    expect(JSON.stringify(decoded)).not.toContain(Buffer.from(person.name).toString('base64'));
  });

  it('passes payloads that are not encrypted through unchanged where asked to (codec endpoint)', async () => {
    const plain = [plainPayload(), defaultPayloadConverter.toPayload(null), {}];
    const decoded = await new EncryptionCodec({ current: key }, 'pass').decode(plain);
    decoded.forEach((payload, index) => expect(payload).toBe(plain[index]));
  });

  it('decrypts with previous keys after a rotation, and encrypts only with the current one', async () => {
    const oldKey = newKey();
    const before = new EncryptionCodec({ current: oldKey });
    const after = new EncryptionCodec({ current: newKey(), previous: [oldKey] });
    const old = await encodeOne(before);
    const [decoded] = await after.decode([old]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(person);
    const fresh = await encodeOne(after);
    expect(text(fresh.metadata![METADATA_KEY_ID])).toBe(after.keyId);
    expect((await decodeError(before, fresh)).code).toBe('UNKNOWN_KEY');
  });
});

/** The payload as Temporal stores it, so that the search also covers the metadata. */
function temporalBytes(payload: Payload): Uint8Array {
  return Buffer.concat([
    ...Object.entries(payload.metadata ?? {}).flatMap(([k, v]) => [Buffer.from(k), v]),
    payload.data ?? new Uint8Array(),
  ]);
}

describe('PayloadKeyRing', () => {
  it('requires base64url keys of exactly 32 bytes, without quoting them', () => {
    const short = randomBytes(31).toString('base64url');
    const long = randomBytes(33).toString('base64url');
    const base64 = `${'+/'.repeat(21)}A`;
    for (const bad of [short, long, base64, `${newKey()}!`]) {
      expect(() => new PayloadKeyRing({ current: bad })).toThrow(
        'PAYLOAD_CODEC_KEY must be the base64url encoding of 32 random bytes',
      );
    }
    expect(() => new PayloadKeyRing({ current: newKey(), previous: [newKey(), short] })).toThrow(
      /^PAYLOAD_CODEC_PREVIOUS_KEYS item 2 must be/,
    );
  });

  it('accepts a key listed both as current and previous', () => {
    const key = newKey();
    const ring = new PayloadKeyRing({ current: key, previous: [key] });
    expect(ring.key(ring.currentId)).toEqual(Buffer.from(key, 'base64url'));
    expect(ring.currentId).toBe(payloadKeyId(Buffer.from(key, 'base64url')));
  });

  it('reads the keys from the configuration', () => {
    expect(
      payloadCodecKeys({ PAYLOAD_CODEC_KEY: 'a', PAYLOAD_CODEC_PREVIOUS_KEYS: ['b'] }),
    ).toEqual({ current: 'a', previous: ['b'] });
  });
});

describe('temporalDataConverter', () => {
  it('has the codec, and a failure converter that moves messages and stacks into a payload', async () => {
    const converter = temporalDataConverter({ current: newKey() });
    const codec = converter.payloadCodecs![0] as EncryptionCodec;
    expect(converter.payloadCodecs).toHaveLength(1);
    expect(codec).toBeInstanceOf(EncryptionCodec);
    expect(converter.failureConverterPath).toBe(failureConverterPath);
    // What the SDK's client and worker make of it.
    const { failureConverter } = loadDataConverter(converter);
    const failure = failureConverter.errorToFailure(
      new Error(`no household for ${person.residentId}`),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const [encrypted] = await codec.encode([failure.encodedAttributes!]);
    expect(Buffer.from(temporalBytes(encrypted!)).includes(person.residentId)).toBe(false);
  });
});
