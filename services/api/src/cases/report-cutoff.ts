import { CaseStages, type CaseSummary } from '@fanpin/contracts';
import { nextReportCutoff } from '@fanpin/platform';

/**
 * The half-monthly report cut-off a case answers to at `now`: the one it waits for at
 * AWAITING_REPORT (its stage deadline, which a policy may set to a shorter wait), else the next one.
 */
export function reportCutoffOf(
  summary: Pick<CaseSummary, 'stage' | 'stageDeadline'>,
  now: Date,
): string {
  if (summary.stage === CaseStages.awaitingReport && summary.stageDeadline !== null) {
    return summary.stageDeadline;
  }
  return nextReportCutoff(now).toISOString();
}
