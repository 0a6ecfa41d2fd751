import { HashQueue, HashQueueFull } from './hash-queue';

describe('HashQueue', () => {
  it('runs at most `concurrency` at once and lets `capacity` more wait, refusing the rest', async () => {
    const queue = new HashQueue(2, 3);
    const releases = await Promise.all([queue.enter(), queue.enter()]);
    const waiting = [queue.enter(), queue.enter(), queue.enter()];
    expect(queue.size).toBe(5);
    expect(() => queue.enter()).toThrow(HashQueueFull);
    let started = 0;
    for (const w of waiting) void w.then(() => (started += 1));
    await Promise.resolve();
    expect(started).toBe(0);
    releases[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(1);
    expect(queue.size).toBe(4);
    // A place freed is taken again: the queue never grows past its bound.
    void queue.enter();
    expect(queue.size).toBe(5);
    expect(() => queue.enter()).toThrow(HashQueueFull);
  });

  it('gives a place back once, even when released twice', async () => {
    const queue = new HashQueue(1, 0);
    const release = await queue.enter();
    release();
    release();
    expect(queue.size).toBe(0);
    await queue.enter();
    expect(() => queue.enter()).toThrow(HashQueueFull);
  });

  it('says how long the queue takes to drain, from the time hashes took', async () => {
    let now = 0;
    const queue = new HashQueue(1, 10, () => now);
    for (let i = 0; i < 20; i++) {
      const release = await queue.enter();
      now += 1000;
      release();
    }
    const held = [await queue.enter(), queue.enter(), queue.enter(), queue.enter()];
    expect(queue.size).toBe(4);
    // Four hashes of about a second each, one at a time.
    expect(queue.retryAfterSeconds()).toBe(4);
    expect(held).toHaveLength(4);
  });

  it('frees the place when the work fails', async () => {
    const queue = new HashQueue(1, 0);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(queue.size).toBe(0);
  });
});
