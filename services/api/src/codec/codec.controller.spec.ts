import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';

import { EncryptionCodec } from '@fanpin/platform';

import { AuditLog, type AuditEntry } from '../audit/audit-log';
import { ErrorFilter } from '../errors/error.filter';
import { API_CONFIG, type ApiConfig } from '../settings';
import { CodecController } from './codec.controller';
import type { CodecBody } from './codec-payloads';

const UI = 'http://localhost:8233';
const key = randomBytes(32).toString('base64url');
const config = {
  PAYLOAD_CODEC_KEY: key,
  PAYLOAD_CODEC_PREVIOUS_KEYS: [],
  TEMPORAL_NAMESPACE: 'default',
  CODEC_CORS_ORIGINS: [UI, 'http://127.0.0.1:8233'],
} as unknown as ApiConfig;

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const secret = '{"name":"张三","residentId":"11010519491231002X"}';
const plain = { metadata: { encoding: b64('json/plain') }, data: b64(secret) };

describe('CodecController (Temporal codec server)', () => {
  let app: INestApplication;
  let base: string;
  /** What the controller audited (the audit log itself is PostgreSQL's, tested end to end). */
  const audited: AuditEntry[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [CodecController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        {
          provide: AuditLog,
          useValue: { record: (entry: AuditEntry) => Promise.resolve(void audited.push(entry)) },
        },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  async function call(
    operation: string,
    body: unknown,
    headers: Record<string, string> = {},
    method = 'POST',
  ): Promise<{ status: number; headers: Headers; text: string; json: () => CodecBody }> {
    const response = await fetch(`${base}/codec/${operation}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as CodecBody,
    };
  }

  it('decodes what the workers encode, and encodes nothing itself', async () => {
    const workers = new EncryptionCodec({ current: key });
    const [sealed] = await workers.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(secret) },
    ]);
    const encoded = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(sealed!.metadata ?? {}).map(([k, v]) => [
              k,
              Buffer.from(v).toString('base64'),
            ]),
          ),
          data: Buffer.from(sealed!.data ?? []).toString('base64'),
        },
      ],
    };
    expect((await call('encode', encoded, { 'x-namespace': 'default' })).status).toBe(404);
    audited.length = 0;
    const decoded = await call('decode', encoded);
    expect(decoded.status).toBe(200);
    expect(decoded.json()).toEqual({ payloads: [plain] });
    // Each decode is audited with how many payloads it read; encoding reads nothing.
    expect(audited).toEqual([
      expect.objectContaining({ kind: 'codec.decoded', outcome: 'ok', reason: 'payloads:1' }),
    ]);
  });

  it('passes plain payloads through, and answers an empty list', async () => {
    expect((await call('decode', { payloads: [plain] })).json()).toEqual({ payloads: [plain] });
    expect((await call('decode', { payloads: [] })).json()).toEqual({ payloads: [] });
  });

  it('answers the preflight of an allowed origin, with credentials allowed', async () => {
    const result = await call('decode', undefined, { origin: UI }, 'OPTIONS');
    expect(result.status).toBe(204);
    expect(result.headers.get('access-control-allow-origin')).toBe(UI);
    expect(result.headers.get('access-control-allow-credentials')).toBe('true');
    expect(result.headers.get('access-control-allow-headers')).toBe(
      'content-type,x-namespace,authorization',
    );
    expect(result.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('sends the CORS headers with answers and errors to an allowed origin only', async () => {
    const ok = await call('decode', { payloads: [plain] }, { origin: UI });
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI);
    const bad = await call('decode', { payloads: 'x' }, { origin: UI });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe(UI);
    for (const method of ['OPTIONS', 'POST']) {
      const foreign = await call(
        'decode',
        { payloads: [] },
        { origin: 'https://evil.example' },
        method,
      );
      expect(foreign.status).toBe(403);
      expect(JSON.parse(foreign.text)).toMatchObject({ code: 'CODEC.ORIGIN_NOT_ALLOWED' });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    }
    const cli = await call('decode', { payloads: [plain] });
    expect(cli.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses more than 1000 payloads, and badly shaped ones, without echoing them', async () => {
    const most = await call('decode', { payloads: Array.from({ length: 1000 }, () => ({})) });
    expect(most.status).toBe(200);
    const many = await call('decode', { payloads: Array.from({ length: 1001 }, () => ({})) });
    expect(many.status).toBe(400);
    expect(JSON.parse(many.text)).toMatchObject({
      code: 'CODEC.INVALID_REQUEST',
      details: [{ field: 'payloads', rule: 'max' }],
    });
    const bodies = [
      { payloads: [{ metadata: { encoding: '张三 not base64' }, data: '' }] },
      { payloads: [{ data: '11010519491231002X!' }] },
      { payloads: [{ ...plain, extra: '11010519491231002X' }] },
      { payloads: [plain], extra: '11010519491231002X' },
      ['11010519491231002X'],
    ];
    for (const body of bodies) {
      const result = await call('decode', body);
      expect(result.status).toBe(400);
      expect(JSON.parse(result.text)).toMatchObject({ code: 'CODEC.INVALID_REQUEST' });
      expect(result.text).not.toMatch(/张三|11010519491231002X/);
    }
  });

  it('names the key id of a payload it has no key for, and which payload', async () => {
    const other = new EncryptionCodec({ current: randomBytes(32).toString('base64url') });
    const foreign = await call('decode', { payloads: [plain, await encodedJson(other)] });
    expect(foreign.status).toBe(422);
    expect(JSON.parse(foreign.text)).toMatchObject({
      code: 'CODEC.UNKNOWN_KEY',
      message: `payload encrypted with unknown key id ${other.keyId}`,
      details: [{ field: 'payloads[1]', rule: 'decodable' }],
    });
  });

  it('refuses an altered payload without revealing it', async () => {
    const encoded = await encodedJson(new EncryptionCodec({ current: key }));
    const data = Buffer.from(encoded.data, 'base64');
    data[20] = data[20]! ^ 1;
    const result = await call('decode', {
      payloads: [{ ...encoded, data: data.toString('base64') }],
    });
    expect(result.status).toBe(422);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'CODEC.UNDECRYPTABLE' });
    expect(result.text).not.toContain(encoded.data.slice(0, 16));
  });

  it('serves its own namespace only', async () => {
    const result = await call('decode', { payloads: [] }, { 'x-namespace': 'other' });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'CODEC.UNKNOWN_NAMESPACE' });
  });
});

async function encodedJson(codec: EncryptionCodec): Promise<{ metadata: object; data: string }> {
  const [payload] = await codec.encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(secret) },
  ]);
  return {
    metadata: Object.fromEntries(
      Object.entries(payload!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(payload!.data!).toString('base64'),
  };
}
