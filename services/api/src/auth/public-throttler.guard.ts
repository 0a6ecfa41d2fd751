import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';

import { ErrorCodes } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';
import { PUBLIC } from './permission.decorator';

/**
 * Rate limits of the routes anyone may call (health, sign-in), per client address and route, with
 * `@nestjs/throttler`. Runs before authentication and before any body is read, and answers with
 * the project's error body. Authenticated routes are left to the accounts that call them.
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return Promise.resolve(isPublic !== true);
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
