import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

/** What a request body may be sent as. Brotli and zstd are refused: nothing here sends them. */
export const ACCEPTED_ENCODINGS = ['identity', 'gzip', 'deflate'] as const;

/** An error as body-parser makes them (`status`, `type`): `bodyParserError` gives it its code. */
function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type });
}

const tooLarge = () => bodyError(413, 'entity.too.large', 'the body is too large');

export type BodySource = Readable & { headers: IncomingHttpHeaders };

/** Whether the request says it has a body (as `type-is` reads it). */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  return (
    headers['transfer-encoding'] !== undefined ||
    !Number.isNaN(parseInt(headers['content-length'] ?? '', 10))
  );
}

function decoderFor(headers: IncomingHttpHeaders): Gunzip | Inflate | undefined {
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return undefined;
  if (encoding === 'gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  throw bodyError(415, 'encoding.unsupported', 'the content encoding is not accepted');
}

/**
 * Reads a request body of at most `limit` bytes, counted both as sent (before decompression) and
 * as decompressed: a declared length over the limit is refused before a byte is read, and reading
 * stops at the first byte past either count, so a small compressed body that would inflate to
 * gigabytes costs no more than `limit` bytes of memory. What is left unread is discarded.
 */
export async function readBody(source: BodySource, limit: number): Promise<Buffer> {
  if (Number(source.headers['content-length']) > limit) throw tooLarge();
  const decoder = decoderFor(source.headers);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let kept = 0;
    let ended = false;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      source.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError);
      decoder?.destroy();
      if (!error) return resolve(Buffer.concat(chunks, kept));
      // Discards the rest as it comes, so that the answer can still be sent on this connection.
      if (!ended) source.resume();
      reject(error);
    };
    const keep = (chunk: Buffer) => {
      kept += chunk.length;
      if (kept > limit) finish(tooLarge());
      else chunks.push(chunk);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) finish(tooLarge());
      else if (decoder) decoder.write(chunk);
      else keep(chunk);
    };
    const onEnd = () => {
      ended = true;
      if (decoder) decoder.end();
      else finish();
    };
    const onClose = () => {
      if (!ended) finish(bodyError(400, 'request.aborted', 'the request was aborted'));
    };
    const onError = () => finish(bodyError(400, 'request.aborted', 'the request failed'));
    decoder?.on('data', keep);
    decoder?.on('end', () => finish());
    decoder?.on('error', () =>
      finish(bodyError(400, 'encoding.invalid', 'the body is not validly compressed')),
    );
    source.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onError);
  });
}
