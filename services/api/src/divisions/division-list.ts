import type { DivisionList, DivisionView } from '@fanpin/contracts';
import { COUNTY_CODE, allDivisions } from '@fanpin/domain';

const byCode = (a: DivisionView, b: DivisionView) => a.code.localeCompare(b.code);

/** The county, then each township followed by its villages, each level in code order. */
function ordered(divisions: readonly DivisionView[]): DivisionView[] {
  const under = (parent: string) => divisions.filter((d) => d.parent === parent).sort(byCode);
  const county = divisions.filter((d) => d.code === COUNTY_CODE);
  return [...county, ...under(COUNTY_CODE).flatMap((t) => [t, ...under(t.code)])];
}

/** The division codes of the county (fixed data of libs/domain): computed once. */
export const divisionList: DivisionList = {
  countyCode: COUNTY_CODE,
  divisions: ordered(
    allDivisions().map(({ code, name, level, parent }) => ({ code, name, level, parent })),
  ),
};
