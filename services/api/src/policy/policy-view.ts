import type { PolicyYearLine, PolicyYearView } from '@fanpin/contracts';
import { policyYearVersion, type PolicyYear } from '@fanpin/domain';
import type { PolicyYearRow } from '@fanpin/persistence';

/** A stored revision as the API shows it. */
export function policyYearView(row: PolicyYearRow): PolicyYearView {
  return {
    ...row,
    version: policyYearVersion(row.year, row.revision),
    draftedAt: row.draftedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** A stored revision as the screening rules take it. */
export function policyYearOf(row: PolicyYearRow): PolicyYear {
  return {
    version: policyYearVersion(row.year, row.revision),
    year: row.year,
    revision: row.revision,
    incomeLine: row.incomeLine,
    marginalBandPercent: row.marginalBandPercent,
    marginalBandNominates: row.marginalBandNominates,
    rigidExpensesPercent: row.rigidExpensesPercent,
    sharpDropPercent: row.sharpDropPercent,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  };
}

/** What a case keeps of a revision. */
export function yearLineOf(row: PolicyYearRow): PolicyYearLine {
  const { version, year, incomeLine, validFrom, validUntil } = policyYearOf(row);
  return { version, year, incomeLine, validFrom, validUntil };
}
