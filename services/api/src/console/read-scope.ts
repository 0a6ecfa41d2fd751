import type { Actor } from '@fanpin/contracts';

import { accessDenied } from '../auth/auth.guard';
import { inboxScope, type DivisionColumn } from '../tasks/inbox-scope';

/**
 * Which households a console list holds for an account: its division (the column of its level and
 * its code, the jurisdiction's prefix rule), or the whole city for supervisors (null).
 */
export type ReadScope = { column: DivisionColumn; code: string } | null;

export function readScope(actor: Actor): ReadScope {
  const scope = inboxScope(actor);
  if (scope?.kind === 'all') return null;
  if (scope?.kind === 'division') return { column: scope.column, code: scope.code };
  throw accessDenied('your account has no jurisdiction of its level');
}

/** The SQL condition of a scope on a table alias, its code as parameter `$n`. */
export function scopeCondition(scope: ReadScope, alias: string, n: number): string {
  return scope === null ? `($${n}::text IS NULL)` : `${alias}.${scope.column} = $${n}`;
}
