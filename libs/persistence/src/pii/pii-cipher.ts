import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

function keyBytes(key: string): Buffer {
  const bytes = Buffer.from(key, 'base64url');
  if (bytes.length !== 32) {
    throw new Error('a personal-data key must be 32 bytes, base64url-encoded');
  }
  return bytes;
}

/** The id of a key: not secret, stored with each value so that keys can be rotated. */
export function piiKeyId(key: string): string {
  return createHash('sha256').update(keyBytes(key)).digest('hex').slice(0, 8);
}

/**
 * Encrypts personal data for PostgreSQL (names, resident ID numbers, phones) with AES-256-GCM.
 * A stored value reads `v1.<key id>.<base64url of iv | ciphertext | tag>`. The column name is bound
 * in as associated data, so a value copied into another column does not decrypt.
 * `current` encrypts; `previous` keys only decrypt, for rotation.
 */
export class PiiCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;
  /** Random bytes drawn ahead for IVs: one CSPRNG call per 512 values instead of one each. */
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(current: string, previous: readonly string[] = []) {
    this.currentId = piiKeyId(current);
    for (const key of [current, ...previous]) this.keys.set(piiKeyId(key), keyBytes(key));
  }

  encrypt(plaintext: string, field: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentId) as Buffer, iv);
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    return `${FORMAT}.${this.currentId}.${sealed}`;
  }

  decrypt(stored: string, field: string): string {
    const [format, keyId, sealed] = stored.split('.');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (format !== FORMAT || !key || !sealed) {
      throw new Error(`cannot decrypt ${field}: unknown format or key id ${keyId ?? '?'}`);
    }
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** A fresh random 96-bit IV (never reused: each is taken from the pool once). */
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * 512);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  /** Whether a stored value was written with a key other than the current one. */
  needsRotation(stored: string): boolean {
    return stored.split('.')[1] !== this.currentId;
  }
}

/** The personal-data fields of a household, as named in associated data. */
export const PiiFields = {
  headName: 'households.head_name',
  headResidentId: 'households.head_resident_id',
  headPhone: 'households.head_phone',
  /** A household member's name, ID number and special-group conditions (household_members). */
  memberName: 'household_members.name',
  memberResidentId: 'household_members.resident_id',
  memberConditions: 'household_members.conditions',
  /** A step's figures in the case history (case_events.detail.sealed). */
  caseFigures: 'case_events.figures',
  /** A screening's figures and the rules' findings on them (alerts.detail.sealed). */
  screeningFigures: 'alerts.figures',
} as const;
