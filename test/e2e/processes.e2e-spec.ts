import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ServiceProcess, freePort, newSecrets, workspaceRoot } from '@fanpin/devstack';

import { recordPayloadKeys } from '../support/harness';

interface Exit {
  code: number | null;
  stderr: string;
}

function runMain(service: string, env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(workspaceRoot, 'services', service, 'dist', 'main.js')],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('each process on its own', () => {
  const { payloadCodecKey } = newSecrets();
  const temporalAddress = () => process.env.FANPIN_TEST_TEMPORAL_ADDRESS ?? '';
  const databaseUrl = () => process.env.FANPIN_TEST_DATABASE_URL ?? '';
  const logDir = () => path.join(process.env.FANPIN_TEST_LOG_DIR ?? '', 'processes');

  // The API started here creates the report Schedules with this key: the leak suite decodes them.
  beforeAll(() => recordPayloadKeys([payloadCodecKey]));

  it('refuses a bad configuration at once, naming every problem and no secret', async () => {
    const { code, stderr } = await runMain('api', {
      PORT: 'eighty',
      TEMPORAL_ADDRESS: 'no port here',
      DATABASE_URL: 'mysql://admin:TOPSECRET@db/app',
    });
    expect(code).toBe(78);
    const line = JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as {
      level: string;
      message: string;
    };
    expect(line.level).toBe('fatal');
    expect(line.message).toContain('PORT must be an integer');
    expect(line.message).toContain('TEMPORAL_ADDRESS must match');
    expect(line.message).toContain('DATABASE_URL must be a postgres or postgresql URL');
    expect(line.message).toContain('HOUSEHOLD_KEY_SECRET is required');
    expect(line.message).toContain('PII_ENCRYPTION_KEY is required');
    expect(line.message).toContain('AUTH_TOKEN_SECRET is required');
    expect(line.message).toContain('PAYLOAD_CODEC_KEY is required');
    expect(stderr).not.toContain('TOPSECRET');
  });

  it('fails fast with a clear message when Temporal cannot be reached', async () => {
    const { code, stderr } = await runMain('intake', {
      PORT: String(await freePort()),
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      DATABASE_URL: databaseUrl(),
      PAYLOAD_CODEC_KEY: payloadCodecKey,
      COMMAND_SIGNING_KEY: randomBytes(32).toString('base64url'),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('failed to start');
  });

  it('refuses a payload codec key that is not 32 bytes, without quoting it', async () => {
    const notAKey = 'not-a-key-but-long-enough-to-pass-the-length-check';
    const { code, stderr } = await runMain('intake', {
      PORT: String(await freePort()),
      TEMPORAL_ADDRESS: temporalAddress(),
      DATABASE_URL: databaseUrl(),
      PAYLOAD_CODEC_KEY: notAKey,
    });
    expect(code).toBe(78);
    expect(stderr).toContain('PAYLOAD_CODEC_KEY must be 32 bytes, base64url-encoded');
    expect(stderr).not.toContain(notAKey);
  });

  it.each(['intake', 'workflow-worker'] as const)(
    'runs %s alone, logs JSON, and drains its worker on SIGTERM',
    async (name) => {
      const service = new ServiceProcess({
        name,
        port: await freePort(),
        env: {
          TEMPORAL_ADDRESS: temporalAddress(),
          DATABASE_URL: databaseUrl(),
          PAYLOAD_CODEC_KEY: payloadCodecKey,
          // Each takes only its own: intake signs recounts, the workflow worker checks commands.
          COMMAND_SIGNING_KEY: randomBytes(32).toString('base64url'),
          COMMAND_VERIFYING_KEYS: 'ab'.repeat(32),
          LOG_LEVEL: 'info',
        },
        logFile: path.join(logDir(), `${name}-alone.log`),
      });
      await service.start();
      await service.waitReady();
      const exited = service.waitExit();
      service.signal('SIGTERM');
      expect(await exited).toBe(0);
      const lines = (await readFile(service.spec.logFile, 'utf8')).trim().split('\n');
      const parsed = lines.map((l) => JSON.parse(l) as { level: string; message: string });
      expect(parsed.map((l) => l.message)).toEqual(
        expect.arrayContaining(['worker drained and closed']),
      );
    },
  );

  it('stops the API on SIGTERM: it stops accepting and exits cleanly', async () => {
    const service = new ServiceProcess({
      name: 'api',
      port: await freePort(),
      env: {
        TEMPORAL_ADDRESS: temporalAddress(),
        DATABASE_URL: databaseUrl(),
        HOUSEHOLD_KEY_SECRET: 'x'.repeat(40),
        PII_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
        AUTH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        COMMAND_SIGNING_KEY: randomBytes(32).toString('base64url'),
        PAYLOAD_CODEC_KEY: payloadCodecKey,
      },
      logFile: path.join(logDir(), 'api-alone.log'),
    });
    await service.start();
    await service.waitReady();
    const exited = service.waitExit();
    service.signal('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${service.url}/health/live`)).rejects.toThrow();
  });
});
