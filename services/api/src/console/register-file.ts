import type { RegisterEntry } from '@fanpin/contracts';
import { sheetOf, type CellValue, type Column } from '@fanpin/platform';

type Value = (e: RegisterEntry) => CellValue;

const text = (header: string, value: Value): Column<RegisterEntry> => ({
  header,
  type: 'text',
  value,
});

const at = (header: string, iso: (e: RegisterEntry) => string | null): Column<RegisterEntry> => ({
  header,
  type: 'datetime',
  value: (e) => {
    const value = iso(e);
    return value ? new Date(value) : null;
  },
});

/** The register's columns: codes as the API gives them, the ID number masked. */
const registerColumns: Column<RegisterEntry>[] = [
  text('村', (e) => e.villageCode),
  text('乡镇', (e) => e.townshipCode),
  text('户主', (e) => e.headName ?? ''),
  text('身份证号（隐去）', (e) => e.residentIdMasked),
  text('监测类型', (e) => e.householdClass ?? ''),
  text('风险类型', (e) => e.riskTypes.join(';')),
  text('状态', (e) => e.status),
  text('阶段', (e) => e.stage ?? ''),
  at('纳入时间', (e) => e.includedAt),
  at('下次回访', (e) => e.nextVisitAt),
  text('案件', (e) => e.caseId),
];

/** The register (监测对象台账) as one sheet, its columns sized from their contents. */
export const registerSheet = (entries: readonly RegisterEntry[]) =>
  sheetOf('监测对象台账', registerColumns, entries, {
    caption: ['防止返贫监测对象台账'],
    freezeHeader: true,
  });
