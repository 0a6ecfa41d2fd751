import type { Payload, PayloadCodec } from '@temporalio/common';

import { CodecErrorCodes, type CodecPayloads } from '@fanpin/contracts';
import { PayloadCodecError, type PayloadCodecErrorCode } from '@fanpin/platform';

import { ApiError } from '../errors/api-error';

/** Payloads in one request: the Web UI sends those of one event or one page of events. */
export const MAX_CODEC_PAYLOADS = 1000;
const MAX_METADATA_ENTRIES = 32;
const MAX_METADATA_KEY_LENGTH = 128;
/** Proto3 JSON `bytes`: standard or URL-safe base64, padded or not. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** What the codec answers (libs/contracts: CodecPayloads): every payload with both its parts. */
export interface CodecBody {
  payloads: Required<CodecPayloads['payloads'][number]>[];
}

/** Field paths, rules and what the value must be: never a value or a metadata key of the request. */
function invalid(field: string, rule: string, must: string): ApiError {
  return new ApiError(CodecErrorCodes.invalidRequest, 400, 'the codec request is not valid', [
    { field, rule, message: `${field === '' ? 'the body' : field} ${must}` },
  ]);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function bytesOf(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value))
    throw invalid(field, 'format', 'must be base64');
  return Buffer.from(value, 'base64');
}

function metadataOf(value: unknown, field: string): Record<string, Uint8Array> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalid(field, 'type', 'must be an object');
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_ENTRIES)
    throw invalid(field, 'max', `must have at most ${MAX_METADATA_ENTRIES} entries`);
  if (entries.some(([key]) => key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH)) {
    throw invalid(field, 'format', `keys must be 1 to ${MAX_METADATA_KEY_LENGTH} characters`);
  }
  return Object.fromEntries(entries.map(([key, v]) => [key, bytesOf(v, field)]));
}

function payloadOf(value: unknown, index: number): Payload {
  const field = `payloads[${index}]`;
  if (!isRecord(value)) throw invalid(field, 'type', 'must be an object');
  if (Object.keys(value).some((key) => key !== 'metadata' && key !== 'data')) {
    throw invalid(field, 'unknown-field', 'takes metadata and data only');
  }
  const data = value.data === undefined || value.data === null ? '' : value.data;
  return {
    metadata: metadataOf(value.metadata, `${field}.metadata`),
    data: bytesOf(data, `${field}.data`),
  };
}

/** The payloads of a codec request `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. */
export function parseCodecRequest(body: unknown): Payload[] {
  if (!isRecord(body)) throw invalid('', 'type', 'must be an object');
  if (Object.keys(body).some((key) => key !== 'payloads'))
    throw invalid('', 'unknown-field', 'takes payloads only');
  const { payloads } = body;
  if (!Array.isArray(payloads)) throw invalid('payloads', 'type', 'must be a list');
  if (payloads.length > MAX_CODEC_PAYLOADS)
    throw invalid('payloads', 'max', `must be at most ${MAX_CODEC_PAYLOADS} items`);
  return payloads.map(payloadOf);
}

const base64 = (bytes: Uint8Array | null | undefined): string =>
  Buffer.from(bytes ?? []).toString('base64');

export function codecResponse(payloads: Payload[]): CodecBody {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, base64(value)]),
      ),
      data: base64(payload.data),
    })),
  };
}

const codecFailures: Record<PayloadCodecErrorCode, string> = {
  UNKNOWN_KEY: CodecErrorCodes.unknownKey,
  UNDECRYPTABLE: CodecErrorCodes.undecryptable,
  MALFORMED: CodecErrorCodes.malformedPayload,
};

/** A payload the codec cannot decode: 422 naming it; the message names at most a key id. */
export function codecFailure(error: unknown, index: number): unknown {
  if (!(error instanceof PayloadCodecError)) return error;
  const field = `payloads[${index}]`;
  return new ApiError(codecFailures[error.code], 422, error.message, [
    { field, rule: 'decodable', message: `${field}: ${error.message}` },
  ]);
}

/** Decodes every payload of a codec request; a failure names the payload's index. */
export async function decodeAll(codec: PayloadCodec, body: unknown): Promise<CodecBody> {
  const payloads = parseCodecRequest(body);
  const results = await Promise.all(
    payloads.map((payload, index) =>
      codec.decode([payload]).then(
        ([result]) => result ?? payload,
        (error: unknown) => {
          throw codecFailure(error, index);
        },
      ),
    ),
  );
  return codecResponse(results);
}
