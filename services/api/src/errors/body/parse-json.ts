import type { IncomingHttpHeaders } from 'node:http';

import { jsonDepthExceeds } from '../json-depth';

function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type });
}

/** The media type of the request (`application/json`), without parameters, in lower case. */
export function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The charset of a JSON body: a UTF one (`utf-8` when none is said), or 415 before reading. */
export function jsonCharset(headers: IncomingHttpHeaders): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(headers['content-type'] ?? '');
  const charset = (match?.[1] ?? 'utf-8').toLowerCase();
  if (!charset.startsWith('utf-')) {
    throw bodyError(415, 'charset.unsupported', 'the charset is not accepted');
  }
  return charset;
}

const FIRST_CHARACTER = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

/**
 * A JSON body as express.json (strict) reads it: UTF charsets only (415 otherwise), a byte order
 * mark dropped, an empty body as `{}`, and only an object or an array at the top; nesting deeper
 * than MAX_JSON_DEPTH is refused before parsing.
 */
export function parseJson(charset: string, raw: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder(charset).decode(raw);
  } catch {
    throw bodyError(415, 'charset.unsupported', 'the charset is not accepted');
  }
  if (jsonDepthExceeds(raw)) throw bodyError(400, 'entity.too.deep', 'the body nests too deeply');
  if (text.length === 0) return {};
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first !== '{' && first !== '[') {
    throw bodyError(400, 'entity.parse.failed', 'the body is not valid JSON');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bodyError(400, 'entity.parse.failed', 'the body is not valid JSON');
  }
}
