import type { AddressInfo } from 'node:net';

import express from 'express';

import { codecCorsHeaders } from './codec-cors.interceptor';

const UI = 'http://localhost:8233';

describe('CORS headers of the codec, before authentication', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use('/codec', codecCorsHeaders([UI]));
    // Stands for the auth guard: it refuses before any handler or interceptor runs.
    app.use('/codec', (_req, res) => {
      res.status(401).json({ code: 'AUTH.REQUIRED' });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('lets the Web UI read a refusal: the allowed origin is echoed with credentials', async () => {
    const refused = await fetch(`${base}/codec/decode`, {
      method: 'POST',
      headers: { origin: UI },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(UI);
    expect(refused.headers.get('access-control-allow-credentials')).toBe('true');
    expect(refused.headers.get('vary')).toContain('Origin');
  });

  it('echoes no other origin, and nothing to a caller without one', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, {}] as Record<string, string>[]) {
      const refused = await fetch(`${base}/codec/decode`, { method: 'POST', headers });
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
