import type { Actor } from '@fanpin/contracts';
import type { ReadScope } from '@fanpin/persistence';

import { accessDenied } from '../auth/auth.guard';
import { Fails } from '../openapi/answers';
import { inboxScope } from '../tasks/inbox-scope';

const NO_JURISDICTION = 'your account has no jurisdiction of its level';

/** The 403 of a route that reads within the caller's scope (readScope), for the document. */
export const NeedsScope = () => Fails(403, `ACCESS.DENIED: ${NO_JURISDICTION}`);

/** Which households a console list holds for an account (ReadScope): its division, or the city. */
export function readScope(actor: Actor): ReadScope {
  const scope = inboxScope(actor);
  if (scope?.kind === 'all') return null;
  if (scope?.kind === 'division') return { column: scope.column, code: scope.code };
  throw accessDenied(NO_JURISDICTION);
}
