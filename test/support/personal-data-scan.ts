import { METADATA_ENCODING_KEY } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { Type } from 'protobufjs';

import { isValidResidentId } from '@fanpin/contracts';
import { ENCRYPTED_ENCODING, EncryptionCodec, PayloadCodecError } from '@fanpin/platform';

import { mapPayloadsOf } from './histories';

type Payload = temporal.api.common.v1.IPayload;

/** A person the test sends, with synthetic values no other suite uses. */
export interface Person {
  name: string;
  residentId: string;
  phone: string;
}

/** What was found where: `what` says which value or pattern, never more of the text around it. */
export interface Finding {
  where: string;
  what: string;
}

/** Every valid resident ID number in a text (18 characters, GB 11643-1999 check). */
export function residentIdsIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g)]
    .map((m) => m[0])
    .filter(isValidResidentId);
}

/**
 * Every mainland mobile number standing alone in a text: not inside a longer run of letters and
 * digits, such as a household key's hex digest (hh…b13263275500c…), which is a hash, not a number
 * anyone dials.
 */
export function phonesIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])/g)].map((m) => m[0]);
}

/**
 * Looks for personal data in a text: the exact values of `values` (the test's own people, named by
 * their label), and any valid resident ID number or mobile number whoever sent it.
 */
export function personalDataIn(
  where: string,
  text: string,
  values: ReadonlyMap<string, string>,
): Finding[] {
  const found: Finding[] = [];
  for (const [label, value] of values) if (text.includes(value)) found.push({ where, what: label });
  for (const id of residentIdsIn(text)) found.push({ where, what: `a resident ID number ${id}` });
  for (const phone of phonesIn(text)) found.push({ where, what: `a mobile number ${phone}` });
  return found;
}

/**
 * The same search in bytes as Temporal stores them (protobuf): the values as UTF-8 bytes, the
 * patterns over the bytes read one to a character (the digits of numbers are ASCII either way).
 */
export function personalDataInBytes(
  where: string,
  bytes: Uint8Array,
  values: ReadonlyMap<string, string>,
): Finding[] {
  const buffer = Buffer.from(bytes);
  const found: Finding[] = [];
  for (const [label, value] of values) {
    if (buffer.includes(Buffer.from(value, 'utf8'))) found.push({ where, what: label });
  }
  return [...found, ...personalDataIn(where, buffer.toString('latin1'), new Map())];
}

/**
 * Where a decoded payload may hold personal data, sealed (encrypted with the personal-data key, as
 * `v1.<key id>.<ciphertext>`): nowhere. Personal data stays in PostgreSQL; workflows and activities
 * pass household keys, codes and figures, so no member of any payload is meant to hold a name, an
 * ID number or a phone, in the clear or sealed. A field that comes to hold one sealed must be added
 * here by its JSON path (`$.detail.sealed`) and nowhere else is it accepted.
 */
export const SealedPersonalDataFields: readonly string[] = [];

const SEALED = /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16,}$/;

/** Walks a JSON value and reports, by path, strings holding personal data or sealed values. */
function scanJson(
  where: string,
  value: unknown,
  values: ReadonlyMap<string, string>,
  pathSoFar = '$',
): Finding[] {
  if (typeof value === 'string') {
    const sealed =
      SEALED.test(value) && !SealedPersonalDataFields.includes(pathSoFar)
        ? [{ where: `${where} ${pathSoFar}`, what: 'a sealed value outside the sealed fields' }]
        : [];
    return [...sealed, ...personalDataIn(`${where} ${pathSoFar}`, value, values)];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => scanJson(where, v, values, `${pathSoFar}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => [
      ...personalDataIn(`${where} ${pathSoFar} (a key)`, key, values),
      ...scanJson(where, v, values, `${pathSoFar}.${key}`),
    ]);
  }
  return personalDataIn(`${where} ${pathSoFar}`, String(value), values);
}

const encodingOf = (payload: Payload): string =>
  Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString('utf8');

/** A decoded payload's findings: its JSON walked by path, any other encoding read as text. */
function scanDecodedPayload(
  where: string,
  payload: Payload,
  values: ReadonlyMap<string, string>,
): Finding[] {
  const data = Buffer.from(payload.data ?? []).toString('utf8');
  const metadata = Object.entries(payload.metadata ?? {})
    .map(([k, v]) => `${k}=${Buffer.from(v).toString('utf8')}`)
    .join(' ');
  const inMetadata = personalDataIn(`${where} metadata`, metadata, values);
  if (encodingOf(payload) === 'json/plain') {
    try {
      return [...inMetadata, ...scanJson(where, JSON.parse(data) as unknown, values)];
    } catch {
      // Not JSON after all: read as text below.
    }
  }
  return [...inMetadata, ...personalDataIn(where, data, values)];
}

/**
 * Decodes payloads through the system's own codec (every payload key of the run, see
 * runPayloadKeys) and scans each; a payload in the clear is scanned as it is, and one the codec
 * cannot open is a finding: what cannot be read cannot be shown clean.
 */
export class PayloadScanner {
  private readonly codec: EncryptionCodec;
  /** Payloads decrypted so far: a scan that decrypted nothing has looked at nothing. */
  decrypted = 0;

  constructor(
    keys: readonly string[],
    private readonly values: ReadonlyMap<string, string>,
  ) {
    const [current, ...previous] = keys;
    if (!current) throw new Error('no payload key recorded in this run');
    this.codec = new EncryptionCodec({ current, previous }, 'pass');
  }

  /** One payload, decoded (its bytes as stored are scanned with what holds it). */
  async scanPayload(where: string, payload: Payload): Promise<Finding[]> {
    try {
      const [decoded] = await this.codec.decode([payload]);
      if (encodingOf(payload) === ENCRYPTED_ENCODING) this.decrypted += 1;
      return scanDecodedPayload(`${where} (decoded)`, decoded ?? {}, this.values);
    } catch (error) {
      if (encodingOf(payload) !== ENCRYPTED_ENCODING || !(error instanceof PayloadCodecError)) {
        throw error;
      }
      return [{ where, what: `a payload the codec cannot open (${error.message})` }];
    }
  }

  /**
   * A message of Temporal's (a history, an execution as listed or described): its bytes as
   * Temporal stores and serves them, then every payload in it decoded (search attributes are never
   * encoded: the bytes are what they are).
   */
  async scanMessage(where: string, message: object, type: Type): Promise<Finding[]> {
    const found = personalDataInBytes(
      `${where} (as stored)`,
      type.encode(message).finish(),
      this.values,
    );
    let n = 0;
    await mapPayloadsOf(message, type, async (payload) => {
      n += 1;
      found.push(...(await this.scanPayload(`${where} payload ${n}`, payload)));
      return payload;
    });
    return found;
  }
}
