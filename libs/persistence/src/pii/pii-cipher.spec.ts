import { randomBytes } from 'node:crypto';

import { PiiCipher, PiiFields, piiKeyId } from './pii-cipher';

const key = () => randomBytes(32).toString('base64url');

describe('PiiCipher', () => {
  const current = key();
  const cipher = new PiiCipher(current);

  it('round-trips, with a fresh IV each time and no plaintext in the stored value', () => {
    const a = cipher.encrypt('11010519491231002X', PiiFields.headResidentId);
    const b = cipher.encrypt('11010519491231002X', PiiFields.headResidentId);
    expect(a).not.toEqual(b);
    expect(a).not.toContain('11010519491231002X');
    expect(a.startsWith(`v1.${piiKeyId(current)}.`)).toBe(true);
    expect(cipher.decrypt(a, PiiFields.headResidentId)).toBe('11010519491231002X');
    expect(cipher.decrypt(cipher.encrypt('张三', PiiFields.headName), PiiFields.headName)).toBe(
      '张三',
    );
  });

  it('refuses a tampered value, a value moved to another column and an unknown key', () => {
    const stored = cipher.encrypt('13800138000', PiiFields.headPhone);
    const sealed = Buffer.from(stored.split('.')[2] ?? '', 'base64url');
    sealed[14] = (sealed[14] ?? 0) ^ 1;
    const tampered = `v1.${piiKeyId(current)}.${sealed.toString('base64url')}`;
    expect(() => cipher.decrypt(tampered, PiiFields.headPhone)).toThrow();
    expect(() => cipher.decrypt(stored, PiiFields.headName)).toThrow();
    expect(() => new PiiCipher(key()).decrypt(stored, PiiFields.headPhone)).toThrow(/key id/);
  });

  it('decrypts with a previous key after rotation and says which values need re-encryption', () => {
    const old = cipher.encrypt('张三', PiiFields.headName);
    const rotated = new PiiCipher(key(), [current]);
    expect(rotated.decrypt(old, PiiFields.headName)).toBe('张三');
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('张三', PiiFields.headName))).toBe(false);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new PiiCipher('short')).toThrow(/32 bytes/);
  });
});
