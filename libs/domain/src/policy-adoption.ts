import {
  CaseStages,
  ErrorCodes,
  isCode,
  type CaseStage,
  type DivisionCodes,
  type PolicyAdoption,
  type PolicyYearLine,
} from '@fanpin/contracts';

import { outsideJurisdiction } from './access';
import { outOfScope, type DecisionProblem } from './decision';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A year's line as the API sends one. */
function isYearLine(value: unknown): value is PolicyYearLine {
  if (!isRecord(value)) return false;
  const { version, year, incomeLine, validFrom, validUntil } = value;
  return (
    typeof year === 'number' &&
    Number.isInteger(year) &&
    typeof version === 'string' &&
    /^\d{4}-r\d{1,4}$/.test(version) &&
    version.startsWith(`${year}-r`) &&
    typeof incomeLine === 'number' &&
    Number.isInteger(incomeLine) &&
    incomeLine > 0 &&
    typeof validFrom === 'string' &&
    DATE.test(validFrom) &&
    typeof validUntil === 'string' &&
    DATE.test(validUntil)
  );
}

/** The versions of a set of lines, in order: two sets are the same when these are. */
export const lineVersions = (lines: readonly Pick<PolicyYearLine, 'version'>[]): string[] =>
  lines.map((line) => line.version);

/** Stages after which a case judges no more figures: nothing to move. */
const ENDED: readonly CaseStage[] = [CaseStages.excluded, CaseStages.included];

/**
 * Whether the city bureau of the household may move its running case onto `adoption.yearLines`
 * (the lines published now, a year each, as the API read them): refused when the case keeps
 * exactly these lines already.
 */
export function checkPolicyAdoption(
  context: {
    householdKey: string;
    divisions: DivisionCodes;
    stage: CaseStage;
    yearLines: readonly PolicyYearLine[];
  },
  adoption: PolicyAdoption,
): DecisionProblem | null {
  const a: unknown = adoption;
  if (!isRecord(a)) return { code: ErrorCodes.decisionInvalid, message: 'not an adoption' };
  const household = {
    householdKey: context.householdKey,
    villageCode: context.divisions.villageCode,
  };
  if (outsideJurisdiction(a.actor, household)) return outOfScope();
  if (!isRecord(a.actor) || a.actor.role !== 'city-bureau' || !isCode(a.actor.id)) {
    return {
      code: ErrorCodes.accessDenied,
      message: 'the city bureau moves a case onto new lines',
    };
  }
  const lines = a.yearLines;
  if (!Array.isArray(lines) || !lines.every(isYearLine) || !isCode(a.reasonCode)) {
    return { code: ErrorCodes.decisionInvalid, message: 'the adoption is not one the API sends' };
  }
  if (ENDED.includes(context.stage)) {
    return { code: ErrorCodes.caseWrongStage, message: 'the case has ended: nothing to move' };
  }
  if (lineVersions(lines).join(',') === lineVersions(context.yearLines).join(',')) {
    return {
      code: ErrorCodes.policyAlreadyAdopted,
      message: 'the case keeps the lines published now already',
    };
  }
  return null;
}
