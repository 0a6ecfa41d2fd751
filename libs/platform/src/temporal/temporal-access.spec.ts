import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  TEMPORAL_TOKEN_SECONDS,
  TemporalTokenMinter,
  clientConnectionOptions,
  supervisorTemporalPermissions,
  temporalAccess,
} from './temporal-access';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const dir = mkdtempSync(path.join(tmpdir(), 'temporal-access-'));
const keyFile = path.join(dir, 'key.pem');
writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as object;

const config = {
  TEMPORAL_ADDRESS: 'temporal:7233',
  TEMPORAL_NAMESPACE: 'fanpin',
  PAYLOAD_CODEC_KEY: 'x'.repeat(43),
  PAYLOAD_CODEC_PREVIOUS_KEYS: [],
  TEMPORAL_AUTH_KEY_FILE: keyFile,
  TEMPORAL_AUTH_KEY_ID: 'kid-1',
  TEMPORAL_AUTH_ISSUER: 'fanpin-monitor',
  TEMPORAL_TLS_CA_FILE: undefined,
  TEMPORAL_TLS_CERT_FILE: undefined,
  TEMPORAL_TLS_KEY_FILE: undefined,
  TEMPORAL_TLS_SERVER_NAME: '',
  TEMPORAL_SDK_METRICS_PORT: 0,
  TASK_QUEUE_STATS_INTERVAL_SECONDS: 15,
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
};

describe('Temporal tokens', () => {
  it('are ES256 JWTs in the default claim mapper’s shape, verifiable with the public key', () => {
    const token = new TemporalTokenMinter(privateKey, 'kid-1', 'fanpin-monitor').mint(
      'service:api',
      ['fanpin:write'],
    );
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'kid-1' });
    const claims = decode(payload) as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: 'service:api',
      iss: 'fanpin-monitor',
      permissions: ['fanpin:write'],
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(TEMPORAL_TOKEN_SECONDS);
    const signed = Buffer.from(`${header}.${payload}`);
    const raw = Buffer.from(signature, 'base64url');
    expect(verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
  });

  it('are renewed once two thirds of their life are over, not before', () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const current = new TemporalTokenMinter(privateKey, 'k', 'i').renewing('service:x', [
        'fanpin:write',
      ]);
      const first = current();
      now.mockReturnValue(1_000_000 + ((TEMPORAL_TOKEN_SECONDS * 1000 * 2) / 3 - 1));
      expect(current()).toBe(first);
      // A second later than the first token's iat, so that the new token differs.
      now.mockReturnValue(1_000_000 + (TEMPORAL_TOKEN_SECONDS * 1000 * 2) / 3 + 1000);
      expect(current()).not.toBe(first);
    } finally {
      now.mockRestore();
    }
  });

  it('give each service write on its namespace only, and supervisors read only', () => {
    const access = temporalAccess(config, 'intake');
    const claims = decode(access.token!().split('.')[1]!);
    expect(claims).toMatchObject({ sub: 'service:intake', permissions: ['fanpin:write'] });
    expect(supervisorTemporalPermissions('fanpin')).toEqual([
      'fanpin:read',
      'temporal-system:read',
    ]);
  });
});

describe('connection options', () => {
  it('say TLS off explicitly, since the SDK turns it on for any token', () => {
    const options = clientConnectionOptions(temporalAccess(config, 'api'));
    expect(options.tls).toBe(false);
    expect(typeof options.apiKey).toBe('function');
  });

  it('carry no token without a key, and refuse a certificate without its key', () => {
    const plain = temporalAccess({ ...config, TEMPORAL_AUTH_KEY_FILE: undefined }, 'api');
    expect(plain.token).toBeUndefined();
    expect(() => temporalAccess({ ...config, TEMPORAL_TLS_CERT_FILE: keyFile }, 'api')).toThrow(
      'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together',
    );
  });
});
