/** The column of `cases` and `tasks` that holds a division code of each length. */
export const ColumnOfLength = { 12: 'village_code', 9: 'township_code', 6: 'county_code' } as const;
export type DivisionColumn = (typeof ColumnOfLength)[keyof typeof ColumnOfLength];

/**
 * Which households a console list holds for an account: its division (the column of its level and
 * its code, the jurisdiction's prefix rule), or the whole city for supervisors (null).
 */
export type ReadScope = { column: DivisionColumn; code: string } | null;

/** The SQL condition of a scope on a table alias, its code as parameter `$n`. */
export function scopeCondition(scope: ReadScope, alias: string, n: number): string {
  return scope === null ? `($${n}::text IS NULL)` : `${alias}.${scope.column} = $${n}`;
}
