/**
 * The thresholds screening compares figures with: policy data of one year and one deployment, never
 * constants. A case keeps the version it was screened under; a new year adds a version.
 * Percentages are whole numbers, so that every comparison is exact in fen.
 */
export interface ScreeningPolicy {
  version: string;
  /** Yuan per person per year (2021: 6000, 1.5 × the national poverty standard, plan §3). */
  incomeLine: number;
  /**
   * Top of the marginal band above the line, in percent of it (150: up to 9000 yuan when the line
   * is 6000). Income at or above the line and below the top is reported as near the line.
   */
  marginalBandPercent: number;
  /**
   * Whether income in the marginal band alone suggests a nomination. The plan's scope (§3) is income
   * below the line, or rigid expenses or an income drop: in 2021-linjiang the band only informs.
   */
  marginalBandNominates: boolean;
  /** Rigid expenses above this percent of last year's household income (§3 明显超过, §4.1.2 超过). */
  rigidExpensesPercent: number;
  /** A fall of at least this percent of last year's income per person is sharp (收入大幅缩减). */
  sharpDropPercent: number;
}

/** Linjiang 2021: the plan's 6000-yuan line; the other thresholds as other provinces set them. */
export const DefaultScreeningPolicy: Readonly<ScreeningPolicy> = Object.freeze({
  version: '2021-linjiang',
  incomeLine: 6000,
  marginalBandPercent: 150,
  marginalBandNominates: false,
  rigidExpensesPercent: 100,
  sharpDropPercent: 30,
});

/** Every screening policy, by version. A new year or deployment adds an entry; none is edited. */
export const ScreeningPolicies: Readonly<Record<string, Readonly<ScreeningPolicy>>> = Object.freeze(
  { [DefaultScreeningPolicy.version]: DefaultScreeningPolicy },
);

/** Thrown for a policy version that does not exist. Stable code; the message never echoes it. */
export class UnknownScreeningPolicyError extends Error {
  readonly code = 'SCREENING.POLICY_UNKNOWN';
  // A field, not an assignment in the constructor: inside the workflow sandbox this class's
  // prototype and Error's are frozen, and assigning an inherited read-only `name` would throw.
  override readonly name = 'UnknownScreeningPolicyError';
  constructor() {
    super('there is no screening policy of this version');
  }
}

/** The screening policy of `version`; refuses a version that is not in `ScreeningPolicies`. */
export function screeningPolicy(version: string): Readonly<ScreeningPolicy> {
  const policy = Object.hasOwn(ScreeningPolicies, version) ? ScreeningPolicies[version] : undefined;
  if (!policy) throw new UnknownScreeningPolicyError();
  return policy;
}
