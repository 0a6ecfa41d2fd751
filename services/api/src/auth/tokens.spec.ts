import type { Actor } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';
import { TokenSigner } from './tokens';

const actor: Actor = {
  id: 'cadre-1',
  role: 'village-cadre',
  divisionCode: '220681100200',
  org: null,
  householdKey: null,
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : 'not an ApiError';
  }
  return undefined;
}

describe('TokenSigner', () => {
  let now = Date.UTC(2026, 10, 30, 12);
  const signer = new TokenSigner('s'.repeat(32), 900, () => now);

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

  it('refuses tokens signed with another secret, altered, or with another algorithm', () => {
    const { token } = signer.sign(actor);
    const other = new TokenSigner('t'.repeat(32), 900, () => now).sign(actor).token;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const raised = Buffer.from(JSON.stringify({ ...claims, role: 'supervisor' })).toString(
      'base64url',
    );
    const none = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    for (const bad of [
      other,
      `${header}.${raised}.${signature}`,
      `${none}.${payload}.`,
      `${header}.${payload}`,
      '',
      'a.b.c',
    ]) {
      expect(codeOf(() => signer.verify(bad))).toBe('AUTH.TOKEN_INVALID');
    }
  });
});
