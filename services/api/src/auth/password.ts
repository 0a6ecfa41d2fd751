import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { HashQueue, type Release } from './hash-queue';

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const R = 8;
const P = 1;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * Password hashes with scrypt (memory-hard), stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` so that
 * the cost can be raised later without invalidating existing hashes. Every hash goes through one
 * bounded queue: each takes 128 MiB at the default cost, and a burst must neither exhaust memory
 * nor make every sign-in wait behind it.
 */
export class PasswordHasher {
  readonly queue: HashQueue;

  constructor(
    private readonly log2N: number,
    concurrency = 2,
    capacity = 32,
  ) {
    this.queue = new HashQueue(concurrency, capacity);
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await this.queue.run(() => derive(password, salt, 2 ** this.log2N, R, P));
    return ['scrypt', this.log2N, R, P, salt.toString('base64url'), key.toString('base64url')].join(
      '$',
    );
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.verifyInTurn(this.queue.enter(), password, stored);
  }

  /** Verifies once `place` (taken earlier with `queue.enter()`) comes up, then gives it back. */
  async verifyInTurn(place: Promise<Release>, password: string, stored: string): Promise<boolean> {
    const release = await place;
    try {
      const [scheme, log2N, r, p, salt, key] = stored.split('$');
      if (scheme !== 'scrypt' || !log2N || !r || !p || !salt || !key) return false;
      const expected = Buffer.from(key, 'base64url');
      const actual = await derive(
        password,
        Buffer.from(salt, 'base64url'),
        2 ** Number(log2N),
        Number(r),
        Number(p),
      );
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    } finally {
      release();
    }
  }
}
