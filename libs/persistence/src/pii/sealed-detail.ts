import type { PiiCipher } from './pii-cipher';

/**
 * The members of a step's or a screening's detail that describe a household's means and health:
 * incomes, expenses, the 两不愁三保障 assurances, labour capacity, household size, illness and other
 * events, and a screening's figures and findings. Stored sealed like names and ID numbers; codes
 * (outcome, triggers, risk types, reason codes, ledger entries) stay readable for the reports.
 */
export const SealedDetailMembers = [
  'incomePerCapita',
  'lastYearIncomePerCapita',
  'rigidExpenses',
  'assurances',
  'labourCapacity',
  'householdSize',
  'events',
  'figures',
  'screening',
] as const;

/** The detail with its sensitive members moved into one sealed member, `sealed`. */
export function sealDetail(
  cipher: PiiCipher,
  field: string,
  detail: Record<string, unknown>,
): Record<string, unknown> {
  const open: Record<string, unknown> = { ...detail };
  const hidden: Record<string, unknown> = {};
  for (const member of SealedDetailMembers) {
    if (member in open) {
      hidden[member] = open[member];
      delete open[member];
    }
  }
  if (Object.keys(hidden).length === 0) return open;
  return { ...open, sealed: cipher.encrypt(JSON.stringify(hidden), field) };
}

/** The detail as it was before `sealDetail`, for those allowed to read it. */
export function openDetail(
  cipher: PiiCipher,
  field: string,
  detail: Record<string, unknown>,
): Record<string, unknown> {
  const { sealed, ...open } = detail;
  if (typeof sealed !== 'string') return open;
  return { ...open, ...(JSON.parse(cipher.decrypt(sealed, field)) as Record<string, unknown>) };
}
