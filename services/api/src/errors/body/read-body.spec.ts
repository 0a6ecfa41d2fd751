import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';

import { readBody, type BodySource } from './read-body';

function sent(body: Buffer, headers: IncomingHttpHeaders = {}): BodySource & PassThrough {
  const source = Object.assign(new PassThrough(), { headers });
  source.end(body);
  return source;
}

describe('readBody', () => {
  const text = Buffer.from('{"a":"' + 'x'.repeat(1000) + '"}');

  it('reads plain, gzip and deflate bodies', async () => {
    expect(await readBody(sent(text), 2000)).toEqual(text);
    for (const [encoding, compressed] of [
      ['gzip', gzipSync(text)],
      ['deflate', deflateSync(text)],
      ['GZip ', gzipSync(text)],
    ] as const) {
      expect(await readBody(sent(compressed, { 'content-encoding': encoding }), 2000)).toEqual(
        text,
      );
    }
  });

  it('refuses a declared length over the limit without reading', async () => {
    const source = sent(text, { 'content-length': String(text.length) });
    await expect(readBody(source, 100)).rejects.toMatchObject({ status: 413 });
    expect(source.readableLength).toBe(text.length);
  });

  it('limits the inflated size: a bomb stops at the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().arrayBuffers;
    await expect(
      readBody(sent(bomb, { 'content-encoding': 'gzip' }), 64 * 1024),
    ).rejects.toMatchObject({ status: 413, type: 'entity.too.large' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('limits the size as sent, even when it inflates to little', async () => {
    await expect(readBody(sent(Buffer.alloc(5000, 1)), 1000)).rejects.toMatchObject({
      status: 413,
    });
  });

  it('refuses other encodings and broken compression with body-parser’s error types', async () => {
    await expect(readBody(sent(text, { 'content-encoding': 'br' }), 2000)).rejects.toMatchObject({
      status: 415,
      type: 'encoding.unsupported',
    });
    await expect(readBody(sent(text, { 'content-encoding': 'gzip' }), 2000)).rejects.toMatchObject({
      status: 400,
      type: 'encoding.invalid',
    });
  });
});
