import type { ExportRow, MonitoredHousehold } from '@fanpin/persistence';

import { differencesOf } from './differences';

const household = (n: number, over: Partial<MonitoredHousehold> = {}): MonitoredHousehold => ({
  case_id: `case-hh${n}`,
  household_key: `hh${n}`,
  township_code: '220681001',
  village_code: '220681001200',
  household_class: 'marginal',
  status: 'included',
  record_id: `NM${n}`,
  ...over,
});

const row = (n: number, line: number, over: Partial<ExportRow> = {}): ExportRow => ({
  line,
  recordId: `NM${n}`,
  householdKey: `hh${n}`,
  townshipCode: '220681001',
  villageCode: '220681001200',
  householdClass: 'marginal',
  mark: 'monitoring',
  ...over,
});

describe('the differences between the national export and this system', () => {
  it('lists each kind once where it applies, and nothing where both agree', () => {
    const here = [
      household(1),
      household(2, { household_class: 'sudden-hardship' }),
      household(3, { status: 'risk-eliminated' }),
      household(4),
      household(5, { record_id: 'NM55' }),
      // Included here but not entered yet: not missing there, its keying task shows it.
      household(6, { record_id: null }),
    ];
    const rows = [row(1, 2), row(2, 3), row(3, 4), row(9, 5), row(5, 6)];
    expect(
      differencesOf(rows, here).map((d) => [d.kind, d.line, d.householdKey, d.here, d.there]),
    ).toEqual([
      ['class-differs', 3, 'hh2', 'sudden-hardship', 'marginal'],
      ['mark-differs', 4, 'hh3', 'risk-eliminated', 'monitoring'],
      ['missing-here', 5, 'hh9', null, 'NM9'],
      ['record-differs', 6, 'hh5', 'NM55', 'NM5'],
      ['missing-there', null, 'hh4', 'NM4', null],
    ]);
  });

  it('matches a row by its record number even when the ID number hashes to another household', () => {
    const differences = differencesOf([row(1, 2, { householdKey: 'hh-other' })], [household(1)]);
    expect(differences).toEqual([]);
  });
});
