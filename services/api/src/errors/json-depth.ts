import { ErrorCodes } from '@fanpin/contracts';

import { ApiError } from './api-error';

/** Deepest nesting of objects and arrays a request body may have. The API's own bodies need 3. */
export const MAX_JSON_DEPTH = 16;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How deep the objects and arrays of a JSON text nest, up to `limit + 1`; strings are skipped. */
export function jsonDepthExceeds(body: Buffer, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * A JSON body a service reads itself, from the raw bytes (a batch, a national export): nesting
 * deeper than MAX_JSON_DEPTH is refused before parsing (INPUT.TOO_DEEP), a text that is not JSON
 * after it (INPUT.MALFORMED_JSON).
 */
export function parseJsonBody(body: Buffer): unknown {
  if (jsonDepthExceeds(body)) {
    throw new ApiError(ErrorCodes.inputTooDeep, 400, 'the JSON is nested too deep');
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new ApiError(ErrorCodes.inputMalformedJson, 400, 'the body is not valid JSON');
  }
}
