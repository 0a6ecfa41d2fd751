import {
  CaseStages,
  HouseholdClasses,
  Roles,
  SectorBureaus,
  type CaseHistoryEntry,
  type CaseStage,
  type Role,
} from '@fanpin/contracts';
import type { HistoryRow } from '@fanpin/persistence';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The codes a step's detail may show: outcomes, reasons, classes, dates. Never its figures. */
function codesOf(kind: string, d: Record<string, unknown>): Partial<CaseHistoryEntry> {
  const outcome =
    kind === 'city-determination' && typeof d.include === 'boolean'
      ? d.include
        ? 'include'
        : 'exclude'
      : kind === 'follow-up-visit' && typeof d.proposeElimination === 'boolean'
        ? d.proposeElimination
          ? 'propose-elimination'
          : 'keep-monitoring'
        : kind === 'emergency-relief'
          ? str(d.kind)
          : (str(d.outcome) ?? str(d.status));
  const date =
    str(d.heldOn) ?? str(d.visitedOn) ?? str(d.reportedOn) ?? str(d.enteredOn) ?? str(d.grantedOn);
  const entry: Partial<CaseHistoryEntry> = {
    ...(outcome ? { outcome } : {}),
    ...(str(d.reasonCode) ? { reasonCode: str(d.reasonCode) } : {}),
    ...(str(d.groundsCode) ? { groundsCode: str(d.groundsCode) } : {}),
    ...(str(d.objectionId) ? { objectionId: str(d.objectionId) } : {}),
    ...(str(d.measureId) ? { measureId: str(d.measureId) } : {}),
    ...(typeof d.upheld === 'boolean' ? { upheld: d.upheld } : {}),
    ...(Number.isInteger(d.percent) ? { percent: d.percent as number } : {}),
    ...(date ? { date } : {}),
  };
  const householdClass = HouseholdClasses.find((c) => c === d.householdClass);
  if (householdClass) entry.householdClass = householdClass;
  if (Array.isArray(d.riskTypes))
    entry.riskTypes = d.riskTypes.filter((r) => typeof r === 'string');
  if (Array.isArray(d.triggers)) entry.triggers = d.triggers.filter((t) => Number.isInteger(t));
  return entry;
}

const stages = Object.values(CaseStages) as string[];

export function historyEntry(row: HistoryRow): CaseHistoryEntry {
  const byRole: Role | null =
    Roles.find((r) => r === row.actor_role) ??
    (row.src === 0 && (SectorBureaus as readonly string[]).includes(row.actor)
      ? 'sector-bureau'
      : null);
  return {
    at: row.at.toISOString(),
    kind: row.kind,
    stepId: row.step_id,
    by: row.actor,
    byRole,
    stageAfter: stages.includes(row.stage_after ?? '') ? (row.stage_after as CaseStage) : null,
    ...codesOf(row.kind, row.detail ?? {}),
  };
}
