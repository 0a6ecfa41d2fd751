import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';

import { ErrorCodes } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';
import { PUBLIC, RATE_LIMITED } from './permission.decorator';

/**
 * Rate limits of the routes anyone may call (health, sign-in), per client address and route, with
 * `@nestjs/throttler`. Runs before authentication and before any body is read, and answers with
 * the project's error body. Authenticated routes are left to the accounts that call them, but for
 * those marked `@RateLimitedRoute()` (a password change, which guesses at a password as sign-in).
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const limited =
      this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets) === true ||
      this.reflector.getAllAndOverride<boolean | undefined>(RATE_LIMITED, targets) === true;
    return Promise.resolve(!limited);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new ApiError(
      ErrorCodes.rateLimited,
      429,
      'too many requests from this address: try again later',
      undefined,
      Math.max(1, detail.timeToBlockExpire),
    );
  }
}
