import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { Actor, Permission } from '@fanpin/contracts';

export const PERMISSION = 'fanpin:permission';
export const PUBLIC = 'fanpin:public';

/** The permission a route needs. Every route has this or `@Public()`: the API refuses to boot otherwise. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION, permission);

/** A route anyone may call (health, sign-in). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The authenticated account of the request (set by the AuthGuard). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
    if (!actor) throw new Error('CurrentActor used on a route without authentication');
    return actor;
  },
);
