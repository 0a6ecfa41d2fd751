import { randomUUID } from 'node:crypto';

import { ErrorCodes, Roles, type Actor, type Role } from '@fanpin/contracts';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';

import { ApiError } from '../errors/api-error';

/** The claims of an access token beside the registered ones (iss, aud, iat, exp, jti). */
interface Claims {
  sub: string;
  role: Role;
  div: string | null;
  org: string | null;
  hh: string | null;
  /** The account's session epoch when the token was issued (see `Standing` in account-status.ts). */
  sep?: number;
}

/** What a valid access token says: the account, which token it is, and until when it counts. */
export interface VerifiedToken {
  actor: Actor;
  /** The token's own id (`jti`). */
  id: string;
  /** The account's session epoch at issue; 0 for a token issued before epochs existed. */
  epoch: number;
  expiresAt: Date;
}

/** A token just issued. */
export interface IssuedToken {
  token: string;
  id: string;
  expiresIn: number;
  expiresAt: Date;
}

/** Who issues the access tokens and who accepts them: set on every token, checked on every one. */
export const TOKEN_ISSUER = 'fanpin-monitor-api';
export const TOKEN_AUDIENCE = 'fanpin-monitor';
/** Longer than any token this API issues: refused before it is parsed. */
const MAX_TOKEN_LENGTH = 2048;

function invalid(): ApiError {
  return new ApiError(ErrorCodes.authTokenInvalid, 401, 'the access token is not valid');
}

/** jsonwebtoken checks `exp` only when it is there: a token without one is refused here. */
function isClaims(value: unknown): value is Claims {
  const claims = value as (Partial<Claims> & { exp?: unknown }) | null;
  return (
    typeof claims === 'object' &&
    claims !== null &&
    typeof claims.exp === 'number' &&
    typeof claims.sub === 'string' &&
    Roles.includes(claims.role as Role)
  );
}

/**
 * Short-lived access tokens: JWTs signed with HMAC-SHA-256 by `@nestjs/jwt` (jsonwebtoken). Only
 * HS256 is accepted, whatever the header says, and only with this API's issuer and audience. They
 * carry the account's code, role and scope; never a person's data.
 */
export class TokenSigner {
  private readonly jwt: JwtService;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.jwt = new JwtService({
      secret,
      signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    });
  }

  sign(actor: Actor, epoch = 0): IssuedToken {
    const iat = this.seconds();
    const claims: Claims & { iat: number } = {
      sub: actor.id,
      role: actor.role,
      div: actor.divisionCode,
      org: actor.org,
      hh: actor.householdKey,
      sep: epoch,
      iat,
    };
    const id = randomUUID();
    const token = this.jwt.sign(claims, { expiresIn: this.ttlSeconds, jwtid: id });
    return {
      token,
      id,
      expiresIn: this.ttlSeconds,
      expiresAt: new Date((iat + this.ttlSeconds) * 1000),
    };
  }

  verify(token: string): Actor {
    return this.verifyToken(token).actor;
  }

  verifyToken(token: string): VerifiedToken {
    if (token.length > MAX_TOKEN_LENGTH) throw invalid();
    const claims = this.checked(token);
    if (!isClaims(claims)) throw invalid();
    const { jti, exp, sep } = claims as Claims & { jti?: unknown; exp: number };
    return {
      actor: {
        id: claims.sub,
        role: claims.role,
        divisionCode: claims.div ?? null,
        org: (claims.org ?? null) as Actor['org'],
        householdKey: claims.hh ?? null,
      },
      id: typeof jti === 'string' ? jti : '',
      epoch: Number.isSafeInteger(sep) ? (sep as number) : 0,
      expiresAt: new Date(exp * 1000),
    };
  }

  /**
   * The verified payload. jsonwebtoken looks at `exp` before `aud` and `iss`: an expired token is
   * checked again without its expiry, so that only one of this API's own is said to have expired.
   */
  private checked(token: string): unknown {
    try {
      return this.jwt.verify<object>(token, { clockTimestamp: this.seconds() });
    } catch (error) {
      if (!(error instanceof TokenExpiredError)) throw invalid();
    }
    try {
      this.jwt.verify<object>(token, { ignoreExpiration: true });
    } catch {
      throw invalid();
    }
    throw new ApiError(ErrorCodes.authTokenExpired, 401, 'the access token has expired');
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}
