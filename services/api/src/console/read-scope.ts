import type { Actor } from '@fanpin/contracts';
import type { ReadScope } from '@fanpin/persistence';

import { accessDenied } from '../auth/auth.guard';
import { inboxScope } from '../tasks/inbox-scope';

/** Which households a console list holds for an account (ReadScope): its division, or the city. */
export function readScope(actor: Actor): ReadScope {
  const scope = inboxScope(actor);
  if (scope?.kind === 'all') return null;
  if (scope?.kind === 'division') return { column: scope.column, code: scope.code };
  throw accessDenied('your account has no jurisdiction of its level');
}
