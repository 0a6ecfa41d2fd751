/**
 * Commands the API issues to a case (its Updates) carry the API's Ed25519 signature over the
 * command, so that a case accepts only what the API issued: whoever else reaches Temporal can send
 * a well-formed command with a perfect actor, but cannot sign it. The workflow checks the
 * signature against the public keys its worker trusts (recorded in its history), and refuses and
 * audits a command without a valid one.
 */

/** The API's signature of one command. */
export interface CommandSignature {
  /** Which key signed: the first 8 hex digits of SHA-256 over the raw 32-byte public key. */
  keyId: string;
  /** Ed25519 signature over `commandMessage(...)`, 128 hex digits. */
  value: string;
}

/** A public key a case trusts: its id and its raw 32 bytes, 64 hex digits. */
export interface CommandKey {
  keyId: string;
  publicKey: string;
}

/** What a signed command carries besides its own fields. */
export interface Signed {
  /** Set by the API as it sends the command; never by a client of the API. */
  signature?: CommandSignature;
}

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so that the API
 * and the workflow serialise the same command to the same text whatever order its keys arrived in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // JSON.stringify(undefined) is undefined: an absent value inside an array is null, as in JSON.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** A command's Ed25519 signature as it travels: 64 bytes, lower-case hex. */
export const COMMAND_SIGNATURE = /^[0-9a-f]{128}$/;

/**
 * The text a command's signature covers: the case, the Update's name and the command without its
 * signature. Bound to the case, a signature cannot be replayed against another case; bound to the
 * whole command, it cannot carry another decision.
 */
export function commandMessage(caseId: string, update: string, command: object): string {
  const rest: Signed = { ...command };
  delete rest.signature;
  return canonicalJson({ caseId, update, command: rest });
}
