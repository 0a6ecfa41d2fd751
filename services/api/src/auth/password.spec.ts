import { PasswordHasher } from './password';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(14);

  it('verifies the password it hashed, salted, and refuses any other', async () => {
    const a = await hasher.hash('correct horse battery staple');
    const b = await hasher.hash('correct horse battery staple');
    expect(a).not.toEqual(b);
    expect(a).toMatch(/^scrypt\$14\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hasher.verify('correct horse battery staple', a)).toBe(true);
    expect(await hasher.verify('correct horse battery staplE', a)).toBe(false);
    expect(await hasher.verify('', a)).toBe(false);
  });

  it('verifies hashes made at another cost, and refuses malformed ones', async () => {
    const older = await new PasswordHasher(15).hash('pw');
    expect(await hasher.verify('pw', older)).toBe(true);
    expect(await hasher.verify('pw', 'plaintext')).toBe(false);
    expect(await hasher.verify('pw', 'bcrypt$x$y$z$a$b')).toBe(false);
  });
});
