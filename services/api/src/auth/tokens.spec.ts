import { generateKeyPairSync } from 'node:crypto';

import type { Actor } from '@fanpin/contracts';
import { JwtService, type JwtSignOptions } from '@nestjs/jwt';

import { ApiError } from '../errors/api-error';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenSigner } from './tokens';

const actor: Actor = {
  id: 'cadre-1',
  role: 'village-cadre',
  divisionCode: '220681100200',
  org: null,
  householdKey: null,
};
const secret = 's'.repeat(32);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : 'not an ApiError';
  }
  return undefined;
}

function decode(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

describe('TokenSigner', () => {
  let now = Date.UTC(2026, 10, 30, 12);
  const signer = new TokenSigner(secret, 900, () => now);
  /** A token of the same claims, signed outside TokenSigner with these options. */
  const forge = (options: JwtSignOptions, claims: object = {}): string => {
    const { iss, aud, ...rest } = { ...decode(signer.sign(actor).token), ...claims };
    const merged = { secret, algorithm: 'HS256', issuer: iss, audience: aud, ...options };
    const defined = Object.entries(merged).filter(([, value]) => value !== undefined);
    return new JwtService().sign(rest, Object.fromEntries(defined));
  };

  it('round-trips the actor until the token expires, then says it expired', () => {
    const { token, expiresIn } = signer.sign(actor);
    expect(expiresIn).toBe(900);
    expect(signer.verify(token)).toEqual(actor);
    now += 899_000;
    expect(signer.verify(token)).toEqual(actor);
    now += 1_000;
    expect(codeOf(() => signer.verify(token))).toBe('AUTH.TOKEN_EXPIRED');
    now -= 900_000;
  });

  it('sets HS256, the issuer, the audience and the expiry on every token', () => {
    const { token } = signer.sign(actor);
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decode(token);
    expect(claims).toMatchObject({
      sub: 'cadre-1',
      role: 'village-cadre',
      div: '220681100200',
      org: null,
      hh: null,
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat: now / 1000,
      exp: now / 1000 + 900,
    });
    expect(claims.jti).toEqual(expect.any(String));
    expect(decode(signer.sign(actor).token).jti).not.toBe(claims.jti);
  });

  it('accepts a token signed with the same secret, algorithm, issuer and audience', () => {
    expect(signer.verify(forge({}))).toEqual(actor);
  });

  it('refuses tokens signed with another secret, altered, or with another algorithm', () => {
    const { token } = signer.sign(actor);
    const other = new TokenSigner('t'.repeat(32), 900, () => now).sign(actor).token;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const raised = Buffer.from(JSON.stringify({ ...decode(token), role: 'supervisor' })).toString(
      'base64url',
    );
    const none = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const bad of [
      other,
      `${header}.${raised}.${signature}`,
      `${none}.${payload}.`,
      `${none}.${payload}`,
      `${header}.${payload}`,
      forge({ algorithm: 'HS512' }),
      forge({ algorithm: 'HS384' }),
      forge({ algorithm: 'RS256', secret: undefined, privateKey: rsaKey }),
      forge({ secret: 't'.repeat(32) }),
      '',
      'a.b.c',
      `${token}${'x'.repeat(2048)}`,
    ]) {
      expect(codeOf(() => signer.verify(bad))).toBe('AUTH.TOKEN_INVALID');
    }
  });

  it('refuses a token of another issuer or audience, or without them', () => {
    for (const bad of [
      forge({ issuer: 'someone-else' }),
      forge({ audience: 'another-service' }),
      forge({ issuer: undefined }),
      forge({ audience: undefined }),
    ]) {
      expect(codeOf(() => signer.verify(bad))).toBe('AUTH.TOKEN_INVALID');
    }
  });

  it('refuses a token without an expiry, a subject or a known role', () => {
    const { exp, ...noExpiry } = decode(signer.sign(actor).token);
    expect(exp).toBeDefined();
    const unexpiring = new JwtService().sign(noExpiry, { secret, algorithm: 'HS256' });
    for (const bad of [unexpiring, forge({}, { sub: 42 }), forge({}, { role: 'emperor' })]) {
      expect(codeOf(() => signer.verify(bad))).toBe('AUTH.TOKEN_INVALID');
    }
  });

  it('says a token expired only once its signature, issuer and audience have been checked', () => {
    const expired = forge({}, { exp: now / 1000 - 1 });
    expect(codeOf(() => signer.verify(expired))).toBe('AUTH.TOKEN_EXPIRED');
    const foreign = new TokenSigner('t'.repeat(32), 900, () => now - 3_600_000).sign(actor).token;
    expect(codeOf(() => signer.verify(foreign))).toBe('AUTH.TOKEN_INVALID');
    for (const stranger of [
      forge({ audience: 'another-service' }, { exp: now / 1000 - 1 }),
      forge({ issuer: 'someone-else' }, { exp: now / 1000 - 1 }),
      forge({ algorithm: 'HS512' }, { exp: now / 1000 - 1 }),
    ]) {
      expect(codeOf(() => signer.verify(stranger))).toBe('AUTH.TOKEN_INVALID');
    }
  });
});
