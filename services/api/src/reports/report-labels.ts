import {
  HouseholdClassLabels,
  MeasureKindLabels,
  RiskTypeLabels,
  type HouseholdClass,
  type SectorBureau,
} from '@fanpin/contracts';
import { findDivision } from '@fanpin/domain';

/** The Chinese names office staff read in the report files. Codes stay beside them. */
export const BureauNames: Record<SectorBureau, string> = {
  education: '教育局',
  housing: '住房和城乡建设局',
  health: '卫生健康局',
  'medical-insurance': '医疗保障局',
  water: '水利局',
  'civil-affairs': '民政局',
  agriculture: '农业农村局',
  'emergency-management': '应急管理局',
  'disabled-persons-federation': '残疾人联合会',
};

export const ClassNames: Record<HouseholdClass | 'unclassified', string> = {
  ...HouseholdClassLabels,
  unclassified: '未分类',
};

const SourceNames: Record<string, string> = {
  'self-declaration': '农户自主申报',
  'cadre-screening': '干部排查',
  ...BureauNames,
};

const ChannelNames: Record<string, string> = {
  app: '手机应用',
  'hotline-12317': '12317热线',
  'written-form': '书面申报',
  'self-declaration': '农户自主申报',
  'cadre-screening': '干部排查',
  'bureau-alert': '部门预警',
};

const StatusNames: Record<string, string> = {
  open: '核实中',
  included: '已纳入监测',
  excluded: '未纳入',
  'risk-eliminated': '风险已消除',
  'not-yet-handled': '待处理',
  'under-verification': '核实中',
  'not-included': '未纳入',
};

/** The contracts' risk types, and the scale report's row of runs that recorded none. */
export const RiskTypeNames: Record<string, string> = { ...RiskTypeLabels, UNSPECIFIED: '未注明' };

const named = (names: Record<string, string>, code: string | null): string =>
  code === null ? '' : (names[code] ?? code);

export const sourceName = (code: string): string => named(SourceNames, code);
export const channelName = (code: string | null): string => named(ChannelNames, code);
export const statusName = (code: string | null): string => named(StatusNames, code);
export const className = (code: string | null): string => named(ClassNames, code ?? 'unclassified');
export const riskTypeName = (code: string): string => named(RiskTypeNames, code);
export const measureKindName = (code: string): string => named(MeasureKindLabels, code);
export const divisionName = (code: string): string => findDivision(code)?.name ?? '';

/** A CST wall time, as office staff read it: 2025-07-15 23:59. */
export function cstTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The CST dates a period covers: the day after its start to the day of its end. */
export function periodDates(start: string, end: string): { from: string; to: string } {
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  return { from: day(Date.parse(start) + 1), to: day(Date.parse(end)) };
}
