import {
  CaseStages,
  HouseholdClasses,
  Roles,
  SectorBureaus,
  type CaseHistoryEntry,
  type CaseStage,
  type Role,
} from '@fanpin/contracts';

/** A row of the history query: an alert received, or a step of the case history. */
export interface HistoryRow {
  src: number;
  id: string;
  at: Date;
  at_key: string;
  kind: string;
  step_id: string;
  actor: string;
  actor_role: string | null;
  stage_after: string | null;
  detail: Record<string, unknown> | null;
}

/** µs-exact text of an instant, for cursors. */
const atKey = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The history of a case, oldest first: the alerts received for its household and every step of its
 * history (all monitoring periods), each read as an ordered range of its index
 * (`alerts_household_time_idx`, `case_events_case_idx`) that stops at the page.
 * $1 household key, $2 case id, $3–$5 cursor (at, source, id), $6 limit. Sealed figures never leave.
 */
export const historySql = `
  SELECT * FROM (
    (SELECT 0 AS src, a.id::text, a.received_at AS at, ${atKey('a.received_at')} AS at_key,
            'alert' AS kind, a.alert_id AS step_id, a.source AS actor, NULL::text AS actor_role,
            NULL::text AS stage_after, jsonb_build_object('triggers', to_jsonb(a.triggers)) AS detail
     FROM alerts a
     WHERE a.household_key = $1
       AND ($3::timestamptz IS NULL OR (a.received_at, 0, a.id) > ($3::timestamptz, $4::int, $5::bigint))
     ORDER BY a.received_at, a.id LIMIT $6)
    UNION ALL
    (SELECT 1, e.id::text, e.recorded_at, ${atKey('e.recorded_at')}, e.kind, e.step_id, e.actor,
            acc.role, case_stage_after_event(e.kind, e.step_id, e.detail), e.detail - 'sealed'
     FROM case_events e LEFT JOIN accounts acc ON acc.account_id = e.actor
     WHERE e.case_id = $2
       AND ($3::timestamptz IS NULL OR (e.recorded_at, 1, e.id) > ($3::timestamptz, $4::int, $5::bigint))
     ORDER BY e.recorded_at, e.id LIMIT $6)
  ) history
  ORDER BY at, src, id::bigint LIMIT $6`;

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
        : (str(d.outcome) ?? str(d.status));
  const date = str(d.heldOn) ?? str(d.visitedOn) ?? str(d.reportedOn) ?? str(d.enteredOn);
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
