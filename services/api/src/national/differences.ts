import type { ExportRow, MonitoredHousehold, NewDifference } from '@fanpin/persistence';

/** The mark this system holds for a monitored household, as the national system names it. */
const markOf = (h: MonitoredHousehold) => (h.status === 'included' ? 'monitoring' : h.status);

/**
 * Where the export and this system differ. A row is matched to a monitored household by its
 * national record number, else by the household key (the head's ID number, hashed); matched, their
 * record number, class and mark are compared. A row matched to nothing is missing here; a household
 * entered here that no row matched is missing there. In the export's order, then the county's.
 */
export function differencesOf(
  rows: readonly ExportRow[],
  monitored: readonly MonitoredHousehold[],
): NewDifference[] {
  const byRecord = new Map(
    monitored.filter((h) => h.record_id !== null).map((h) => [h.record_id, h]),
  );
  const byKey = new Map(monitored.map((h) => [h.household_key, h]));
  const matched = new Set<string>();
  const found: NewDifference[] = [];
  for (const row of rows) {
    const here = byRecord.get(row.recordId) ?? byKey.get(row.householdKey);
    const at = (
      kind: string,
      h: MonitoredHousehold | undefined,
      mine: string | null,
      theirs: string | null,
    ) =>
      found.push({
        kind,
        line: row.line,
        recordId: row.recordId,
        householdKey: h?.household_key ?? row.householdKey,
        caseId: h?.case_id ?? null,
        townshipCode: h?.township_code ?? row.townshipCode,
        villageCode: h?.village_code ?? row.villageCode,
        here: mine,
        there: theirs,
      });
    if (!here) {
      at('missing-here', undefined, null, row.recordId);
      continue;
    }
    matched.add(here.household_key);
    if (here.record_id !== row.recordId) at('record-differs', here, here.record_id, row.recordId);
    if (here.household_class !== row.householdClass) {
      at('class-differs', here, here.household_class, row.householdClass);
    }
    if (markOf(here) !== row.mark) at('mark-differs', here, markOf(here), row.mark);
  }
  for (const h of monitored) {
    if (matched.has(h.household_key) || h.record_id === null) continue;
    found.push({
      kind: 'missing-there',
      line: null,
      recordId: h.record_id,
      householdKey: h.household_key,
      caseId: h.case_id,
      townshipCode: h.township_code,
      villageCode: h.village_code,
      here: h.record_id,
      there: null,
    });
  }
  return found;
}
