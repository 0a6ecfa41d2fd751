import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

import { ErrorCodes, Roles, type Actor, type Role } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';

interface Claims {
  sub: string;
  role: Role;
  div: string | null;
  org: string | null;
  hh: string | null;
  iat: number;
  exp: number;
  jti: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function invalid(): ApiError {
  return new ApiError(ErrorCodes.authTokenInvalid, 401, 'the access token is not valid');
}

/**
 * Short-lived access tokens: JWTs signed with HMAC-SHA-256 (only HS256 is accepted, whatever the
 * header says). They carry the account's code, role and scope; never a person's data.
 */
export class TokenSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  sign(actor: Actor): { token: string; expiresIn: number } {
    const iat = Math.floor(this.now() / 1000);
    const claims: Claims = {
      sub: actor.id,
      role: actor.role,
      div: actor.divisionCode,
      org: actor.org,
      hh: actor.householdKey,
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomUUID(),
    };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { token: `${body}.${this.mac(body)}`, expiresIn: this.ttlSeconds };
  }

  verify(token: string): Actor {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER || token.length > 2048) throw invalid();
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let claims: Partial<Claims>;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Claims>;
    } catch {
      throw invalid();
    }
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') throw invalid();
    if (!Roles.includes(claims.role as Role)) throw invalid();
    if (claims.exp <= Math.floor(this.now() / 1000)) {
      throw new ApiError(ErrorCodes.authTokenExpired, 401, 'the access token has expired');
    }
    return {
      id: claims.sub,
      role: claims.role as Role,
      divisionCode: claims.div ?? null,
      org: (claims.org ?? null) as Actor['org'],
      householdKey: claims.hh ?? null,
    };
  }

  private mac(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
